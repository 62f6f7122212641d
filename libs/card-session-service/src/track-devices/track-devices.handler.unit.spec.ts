import { sealDeviceKey, signingKeyFromSecret } from '@hcv/platform-access';
import { keyRingOf } from '@hcv/platform-runtime';
import { InMemoryDeviceDirectory } from '../persistence/device-directory.memory';
import { TrackDevicesHandler } from './track-devices.handler';

// The device-key ring device-registry sealed with (old key k1 still in the ring, k2 current).
const ring = keyRingOf({ k1: 'card-session-unit-device-key-one-000000', k2: 'card-session-unit-device-key-two-000000' }, 'k2');

describe('tracking the devices from device-registry’s events', () => {
  it('keeps each device’s newest state and key, whatever the order the topics deliver them in', async () => {
    const directory = new InMemoryDeviceDirectory();
    const track = new TrackDevicesHandler(directory, ring);
    await track.credentialIssued({
      deviceId: 'dev-1',
      credentialId: 'cred-0002',
      signingKey: 'k'.repeat(43),
      issuedAt: '2026-11-25T10:00:00.000Z',
    });
    await track.suspended({ deviceId: 'dev-1', at: '2026-11-25T11:00:00.000Z', by: 'ops', reason: 'lost' });
    await track.activated({
      deviceId: 'dev-1',
      institutionNumber: '1311234569',
      siteId: 'site-1',
      kind: 'tablet',
      activatedAt: '2026-11-25T09:00:00.000Z',
      activatedBy: 'ops',
    });
    expect(await directory.get('dev-1')).toMatchObject({
      state: 'suspended',
      institutionNumber: '1311234569',
      siteId: 'site-1',
      signingKey: 'k'.repeat(43),
    });
    await track.retired({ deviceId: 'dev-1', at: '2026-11-25T12:00:00.000Z', by: 'ops', reason: 'replaced' });
    expect((await directory.get('dev-1'))?.state).toBe('retired');
  });

  it('opens the sealed signing key of device.credential-issued v2 with any key of the ring, and refuses one sealed for another device', async () => {
    const directory = new InMemoryDeviceDirectory();
    const track = new TrackDevicesHandler(directory, ring);
    const signingKey = signingKeyFromSecret('a-device-secret-shown-once');
    const ids = { deviceId: 'dev-2', credentialId: 'cred-0003' };
    const sealedByOldKey = sealDeviceKey(keyRingOf({ k1: ring.keys.get('k1')! }), signingKey, ids);
    await track.credentialIssuedSealed({ ...ids, sealedSigningKey: sealedByOldKey, issuedAt: '2026-11-25T10:00:00.000Z' });
    expect((await directory.get('dev-2'))?.signingKey).toBe(signingKey);
    const forAnother = sealDeviceKey(ring, signingKey, { ...ids, deviceId: 'dev-3' });
    await expect(
      track.credentialIssuedSealed({ ...ids, sealedSigningKey: forAnother, issuedAt: '2026-11-25T11:00:00.000Z' }),
    ).rejects.toThrow(/does not open/);
    const unknownKey = sealDeviceKey(keyRingOf({ k9: 'x'.repeat(40) }), signingKey, ids);
    await expect(
      track.credentialIssuedSealed({ ...ids, sealedSigningKey: unknownKey, issuedAt: '2026-11-25T11:00:00.000Z' }),
    ).rejects.toThrow(/lacks key id k9/);
    expect((await directory.get('dev-2'))?.signingKey).toBe(signingKey);
  });
});
