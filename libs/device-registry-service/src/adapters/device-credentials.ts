import type { DeviceCredentials, NonceStore } from '@hcv/platform-access';
import type { DeviceRepository } from '../persistence/device.repository';

/** What the device-auth guard learns of a device from the registry: its state and signing key (never the secret). */
export function deviceCredentials(devices: DeviceRepository, nonces: NonceStore): DeviceCredentials {
  return {
    lookup: async (id) => {
      const d = await devices.get(id);
      return d ? { deviceId: d.deviceId, state: d.state, signingKey: d.credential?.signingKey } : null;
    },
    nonces,
  };
}
