import type { DeviceKeyRing } from '@hcv/platform-access';
import { decideDevice } from '../domain/device.decide';
import { newCredential, type IssuedCredential } from '../adapters/credential-issuer';
import type { DeviceStore } from '../persistence/device.store';

/** A new credential; the previous one stops working as soon as services learn of this one. */
export class RotateCredentialHandler {
  constructor(
    private readonly devices: DeviceStore,
    private readonly clock: () => Date,
    /** Seals the signing key for the event that announces it (DEVICE_KEY_ENCRYPTION_KEYS). */
    private readonly deviceKeys: DeviceKeyRing,
  ) {}

  async execute(deviceId: string, correlationId: string): Promise<IssuedCredential> {
    const issued = newCredential(deviceId, this.clock(), this.deviceKeys);
    await this.devices.update(deviceId, (d) => decideDevice({ kind: 'rotate-credential', credential: issued.stored }, d), {
      context: { correlationId },
    });
    return issued.shown;
  }
}
