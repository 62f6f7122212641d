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
    expect(await directory.activeSessionOf(deviceId)).toBeNull();
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

  it('gives a device one active session at a time, even under concurrent opens', async () => {
    const deviceId = aDeviceId();
    await directory.setState(deviceId, { state: 'active' }, '2026-11-24T09:00:00.000Z');
    const sessions = ['s-a', 's-b', 's-c', 's-d'];
    const wins = await Promise.all(sessions.map((s) => directory.acquireSession(deviceId, s)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    const winner = sessions[wins.indexOf(true)]!;
    expect(await directory.activeSessionOf(deviceId)).toBe(winner);
    // Taking the slot again for the session holding it is no refusal (a retried open).
    expect(await directory.acquireSession(deviceId, winner)).toBe(true);
    await directory.releaseSession(deviceId, 'someone-else');
    expect(await directory.acquireSession(deviceId, 's-e')).toBe(false);
    await directory.releaseSession(deviceId, winner);
    expect(await directory.activeSessionOf(deviceId)).toBeNull();
    expect(await directory.acquireSession(deviceId, 's-e')).toBe(true);
  });

  it('tells who holds the slot and since when (an open whose session was never stored must not block its device)', async () => {
    const deviceId = aDeviceId();
    await directory.setState(deviceId, { state: 'active' }, '2026-11-24T09:00:00.000Z');
    expect(await directory.slotOf(deviceId)).toBeNull();
    const before = new Date().toISOString();
    expect(await directory.acquireSession(deviceId, 's-1')).toBe(true);
    const slot = await directory.slotOf(deviceId);
    expect(slot?.sessionId).toBe('s-1');
    const since = slot?.since ?? '';
    expect(since >= before && since <= new Date().toISOString()).toBe(true);
    await directory.releaseSession(deviceId, 's-1');
    expect(await directory.slotOf(deviceId)).toBeNull();
  });

  it('keeps the session slot through state and key changes', async () => {
    const deviceId = aDeviceId();
    await directory.setState(deviceId, { state: 'active', institutionNumber: '1311234569', siteId: 'site-1' }, '2026-11-24T09:00:00.000Z');
    expect(await directory.acquireSession(deviceId, 's-1')).toBe(true);
    await directory.setState(deviceId, { state: 'suspended' }, '2026-11-24T10:00:00.000Z');
    await directory.setKey(deviceId, 'k2', '2026-11-24T10:00:00.000Z');
    expect(await directory.activeSessionOf(deviceId)).toBe('s-1');
    expect(await directory.get(deviceId)).toMatchObject({ state: 'suspended', signingKey: 'k2' });
  });
}
