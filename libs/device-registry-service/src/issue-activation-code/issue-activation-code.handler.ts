import { randomBytes } from 'node:crypto';
import type { ActivationCodeResponse } from '@hcv/contracts';
import { NotFoundError } from '@hcv/domain';
import { activationCodeFrom, formatActivationCode, issueActivationCode } from '../domain/activation-code';
import type { ActivationCodeRepository } from '../persistence/activation-code.repository';
import type { DeviceRepository } from '../persistence/device.repository';

/**
 * An operator issues a one-time code for a registered device (not a retired one): shown once, valid
 * for the configured minutes, and the device's earlier unused codes stop working. Only its hash is kept.
 */
export class IssueActivationCodeHandler {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly codes: ActivationCodeRepository,
    private readonly clock: () => Date,
    private readonly ttlMinutes: number,
    private readonly random: (size: number) => Uint8Array = randomBytes,
  ) {}

  async execute(deviceId: string, issuedBy: string): Promise<ActivationCodeResponse> {
    const device = await this.devices.get(deviceId);
    if (!device) throw new NotFoundError('device', deviceId);
    const canonical = activationCodeFrom(this.random(8));
    const code = issueActivationCode({ canonical, device, issuedBy, at: this.clock(), ttlMinutes: this.ttlMinutes });
    await this.codes.issue(code);
    return { deviceId, code: formatActivationCode(canonical), expiresAt: code.expiresAt };
  }
}
