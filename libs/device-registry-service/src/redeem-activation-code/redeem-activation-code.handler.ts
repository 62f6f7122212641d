import type { DeviceActivationResponse } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import type { ActivateDeviceHandler } from '../activate-device/activate-device.handler';
import type { IssuedCredential } from '../adapters/credential-issuer';
import {
  activationCodeHash,
  activationCodeInvalid,
  assertRedeemable,
  attemptWindow,
  normaliseActivationCode,
  redemptionSteps,
} from '../domain/activation-code';
import type { ActivationCodeRepository } from '../persistence/activation-code.repository';
import type { DeviceRepository } from '../persistence/device.repository';
import type { SiteRepository } from '../persistence/site.repository';
import type { RotateCredentialHandler } from '../rotate-credential/rotate-credential.handler';

/** How many wrong codes one client address may send per window before it is refused for the rest of it. */
export interface RedemptionLimits {
  maxFailures: number;
  windowMinutes: number;
}

/** Refused for too many wrong codes; `retryAfterSeconds` until the window ends (the Retry-After header). */
export class TooManyAttemptsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('too-many-attempts', `Too many wrong activation codes from this address; try again in ${retryAfterSeconds} s.`, 429);
  }
}

const CODE_FAILURES = new Set(['activation-code-invalid', 'activation-code-expired', 'activation-code-used']);

/**
 * A browser redeems a one-time code: the code is claimed once, then the device is activated (first
 * time, or re-activated after a suspension) and/or given a new credential, by the same handlers and
 * rules as the operator's routes, so the same events go out. A failed activation gives the code back.
 * Wrong codes count against the client address; past the limit the address is refused until the
 * window ends.
 */
export class RedeemActivationCodeHandler {
  constructor(
    private readonly codes: ActivationCodeRepository,
    private readonly devices: DeviceRepository,
    private readonly sites: SiteRepository,
    private readonly activate: ActivateDeviceHandler,
    private readonly rotate: RotateCredentialHandler,
    private readonly clock: () => Date,
    private readonly limits: RedemptionLimits,
  ) {}

  async execute(typed: string, address: string, correlationId: string): Promise<DeviceActivationResponse> {
    const at = this.clock();
    const window = attemptWindow(at, this.limits.windowMinutes);
    if ((await this.codes.failures(address, window.start)) >= this.limits.maxFailures) {
      throw new TooManyAttemptsError(Math.max(1, Math.ceil((Date.parse(window.end) - at.getTime()) / 1000)));
    }
    try {
      return await this.redeem(typed, at, correlationId);
    } catch (error) {
      if (error instanceof DomainError && CODE_FAILURES.has(error.code)) await this.codes.countFailure(address, window.start, window.end);
      throw error;
    }
  }

  private async redeem(typed: string, at: Date, correlationId: string): Promise<DeviceActivationResponse> {
    const canonical = normaliseActivationCode(typed);
    if (!canonical) throw activationCodeInvalid();
    const codeHash = activationCodeHash(canonical);
    const code = assertRedeemable(await this.codes.find(codeHash), at);
    const device = await this.devices.get(code.deviceId);
    if (!device) throw activationCodeInvalid(); // a code outlived its device record: nothing to activate
    const steps = redemptionSteps(device);
    const claimedAt = at.toISOString();
    if (!(await this.codes.claim(codeHash, claimedAt)))
      throw new DomainError('activation-code-used', 'This activation code was already used; ask for a new one.', 409, 'code');
    let credential: IssuedCredential | undefined;
    try {
      if (steps.activate) credential = (await this.activate.execute(device.deviceId, code.issuedBy, correlationId)).credential;
      if (!credential) credential = await this.rotate.execute(device.deviceId, correlationId);
    } catch (error) {
      await this.codes.release(codeHash, claimedAt);
      throw error;
    }
    const site = await this.sites.get(device.siteId);
    return {
      deviceId: device.deviceId,
      credentialId: credential.credentialId,
      secret: credential.secret,
      issuedAt: credential.issuedAt,
      device: {
        ...(device.institutionNumber ? { institutionNumber: device.institutionNumber } : {}),
        siteId: device.siteId,
        ...(site ? { siteName: site.name, kind: site.kind === 'bus' ? ('bus' as const) : ('site' as const) } : {}),
        ...(site?.kind === 'bus' ? { busId: site.siteId } : {}),
      },
    };
  }
}
