// The device directory's behaviour as one list of cases, run on every adapter: the memory twin
// (device-directory.memory.unit.spec.ts), MongoDB (device-directory.mongo.int.spec.ts) and the
// cache over each (cached-device-directory.*.spec.ts). Not a test file by itself (no tier in its
// name): the specs of the adapters call it.
import { randomUUID } from 'node:crypto';
import type { DeviceDirectory } from './device-directory.repository';

/** Builds a directory over a fresh or shared store; cases use their own device ids. */
export type DeviceDirectoryFactory = () => Promise<{ directory: DeviceDirectory; cleanup?: () => Promise<void> }>;

const aDeviceId = () => `dev-${randomUUID().slice(0, 8)}`;

export function deviceDirectoryContract(make: DeviceDirectoryFactory): void {
  let directory: DeviceDirectory;
  let cleanup: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    ({ directory, cleanup } = await make());
  });
  afterEach(async () => cleanup?.());

  it('knows nothing of a device before its first event', async () => {
    const deviceId = aDeviceId();
    expect(await directory.get(deviceId)).toBeNull();
  });

  it('keeps the newest device state and key when registry events arrive out of order, and where the device belongs whatever the order', async () => {
    const deviceId = aDeviceId();
    await directory.setKey(deviceId, 'k2', '2026-11-24T10:30:00.000Z');
    await directory.setState(deviceId, { state: 'suspended' }, '2026-11-24T10:00:00.000Z');
    await directory.setState(deviceId, { state: 'active', institutionNumber: '1311234569', siteId: 'bus-01' }, '2026-11-24T09:00:00.000Z');
    await directory.setKey(deviceId, 'k1', '2026-11-24T09:00:00.000Z');
    expect(await directory.get(deviceId)).toMatchObject({
      deviceId,
      state: 'suspended',
      signingKey: 'k2',
      institutionNumber: '1311234569',
      siteId: 'bus-01',
    });
    await directory.setState(deviceId, { state: 'active' }, '2026-11-24T11:00:00.000Z');
    expect((await directory.get(deviceId))?.state).toBe('active');
  });
}
