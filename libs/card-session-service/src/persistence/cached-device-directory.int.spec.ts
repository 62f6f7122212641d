import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { CachedDeviceDirectory, DEVICE_DIRECTORY_CHECK_MILLIS } from './cached-device-directory';
import { deviceDirectoryContract } from './device-directory.contract';
import { MongoDeviceDirectory } from './device-directory.mongo';

// Two card-session instances share one device directory on MongoDB, each reading it through its own cache.
describe('the cached device directory against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_card_session_cache');
  });
  afterAll(async () => db.drop());

  // The cache is a device directory too: the port's cases hold through it.
  deviceDirectoryContract(async () => ({ directory: new CachedDeviceDirectory(new MongoDeviceDirectory(db.connection)) }));

  // Only one instance consumes a given device event (one consumer group). The one that records a
  // suspension refuses the device at once; the other at its next stamp check, within DEVICE_DIRECTORY_CHECK_MILLIS of the write.
  it('takes a suspension at once where it was recorded and within the bound elsewhere', async () => {
    const recording = new CachedDeviceDirectory(new MongoDeviceDirectory(db.connection));
    // The other instance's cache ages on an injected clock: the bound is passed without waiting it out.
    let otherNow = 0;
    const other = new CachedDeviceDirectory(new MongoDeviceDirectory(db.connection), { now: () => otherNow });
    await recording.setState('dev-s', { state: 'active', institutionNumber: '1311234569', siteId: 'bus-01' }, '2026-11-25T09:00:00.000Z');
    await recording.setKey('dev-s', 'key-1', '2026-11-25T09:00:00.000Z');
    expect(await recording.get('dev-s')).toMatchObject({ state: 'active', signingKey: 'key-1', siteId: 'bus-01' });
    expect((await other.get('dev-s'))?.state).toBe('active');

    await recording.setState('dev-s', { state: 'suspended' }, '2026-11-25T10:00:00.000Z');
    expect((await recording.get('dev-s'))?.state).toBe('suspended');

    // Until its next stamp check the other instance may still serve its entry; then it reads the device again.
    expect((await other.get('dev-s'))?.state).toBe('active');
    otherNow += DEVICE_DIRECTORY_CHECK_MILLIS;
    expect((await other.get('dev-s'))?.state).toBe('suspended');
  });
});
