import type { DeviceKeyRing } from '@hcv/platform-access';
import { decideDevice, type Device } from '../domain/device.decide';
import { newCredential, type IssuedCredential } from '../adapters/credential-issuer';
import type { DeviceStore } from '../persistence/device.store';

/**
 * Activates (first time: issues the credential) or re-activates a suspended device. The answer
 * carries the secret only when this activation stored the credential it was offered.
 */
export class ActivateDeviceHandler {
  constructor(
    private readonly devices: DeviceStore,
    private readonly clock: () => Date,
    /** Seals the signing key for the event that announces it (DEVICE_KEY_ENCRYPTION_KEYS). */
    private readonly deviceKeys: DeviceKeyRing,
  ) {}

  async execute(deviceId: string, by: string, correlationId: string): Promise<{ device: Device; credential?: IssuedCredential }> {
    const at = this.clock();
    const issued = newCredential(deviceId, at, this.deviceKeys);
    const device = await this.devices.update(deviceId, (d) => decideDevice({ kind: 'activate', by, at, credential: issued.stored }, d), {
      context: { correlationId },
    });
    return { device, ...(device.credential?.credentialId === issued.stored.credentialId ? { credential: issued.shown } : {}) };
  }
}
