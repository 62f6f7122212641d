import { InMemoryDeviceDirectory } from '../persistence/device-directory.memory';
import { TrackDevicesHandler } from './track-devices.handler';

describe('tracking the devices from device-registry’s events', () => {
  it('keeps each device’s newest state and key, whatever the order the topics deliver them in', async () => {
    const directory = new InMemoryDeviceDirectory();
    const track = new TrackDevicesHandler(directory);
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
});
