import {
  CachedDeviceDirectory,
  DEVICE_DIRECTORY_CHECK_MILLIS,
  DEVICE_DIRECTORY_REFRESH_AHEAD_MILLIS,
  DEVICE_ENTRY_MAX_AGE_MILLIS,
} from './cached-device-directory';
import { deviceDirectoryContract } from './device-directory.contract';
import { InMemoryDeviceDirectory } from './device-directory.memory';
import type { DeviceDirectory, KnownDevice } from './device-directory.repository';

/** The store behind the cache, counting its reads; `hold` makes the next read wait until released. */
class CountingDirectory extends InMemoryDeviceDirectory {
  reads = 0;
  stampReads = 0;
  private held?: { release: () => void };
  hold(): { release: () => void } {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    this.held = { release };
    const previousGet = this.get.bind(this);
    this.get = async (id: string) => {
      this.reads++;
      const value = await previousGet(id); // read now...
      this.get = previousGet;
      await gate; // ...answered later
      return value;
    };
    return this.held;
  }
  override async get(id: string): Promise<KnownDevice | null> {
    this.reads++;
    return super.get(id);
  }
  override async changeStamp(): Promise<number> {
    this.stampReads++;
    return super.changeStamp();
  }
}

describe('the device directory read through a bounded-age cache', () => {
  let now = 1_000_000;
  let store: CountingDirectory;
  let cache: DeviceDirectory;
  beforeEach(async () => {
    now = 1_000_000;
    store = new CountingDirectory();
    // The clock is moved by hand; the read ahead runs on a real timer, so it is off here (its own case below).
    cache = new CachedDeviceDirectory(store, { now: () => now, refreshAheadMillis: 0 });
    await store.setState('dev-1', { state: 'active', institutionNumber: '1311234569', siteId: 'site-1' }, '2026-11-25T09:00:00.000Z');
    await store.setKey('dev-1', 'key-1', '2026-11-25T09:00:00.000Z');
    store.reads = 0;
  });

  it('answers look-ups of a device from one read while no device changed, up to the backstop age', async () => {
    for (let i = 0; i < 4; i++) expect(await cache.get('dev-1')).toMatchObject({ state: 'active', signingKey: 'key-1' });
    for (let t = 0; t < DEVICE_ENTRY_MAX_AGE_MILLIS - DEVICE_DIRECTORY_CHECK_MILLIS; t += DEVICE_DIRECTORY_CHECK_MILLIS) {
      now += DEVICE_DIRECTORY_CHECK_MILLIS;
      await cache.get('dev-1');
    }
    expect(store.reads).toBe(1);
    now += DEVICE_DIRECTORY_CHECK_MILLIS;
    await cache.get('dev-1');
    expect(store.reads).toBe(2);
  });

  it('reads the change stamp at most once per interval, however many look-ups', async () => {
    await Promise.all([cache.get('dev-1'), cache.get('dev-1'), cache.get('dev-1')]);
    now += DEVICE_DIRECTORY_CHECK_MILLIS - 1;
    for (let i = 0; i < 5; i++) await cache.get('dev-1');
    expect(store.stampReads).toBe(1);
    now += 1;
    await cache.get('dev-1');
    expect(store.stampReads).toBe(2);
  });

  it('sees a suspension recorded by another instance once its next stamp check is due, never later', async () => {
    await cache.get('dev-1');
    // Another instance's consumer records the suspension in the shared store.
    await store.setState('dev-1', { state: 'suspended' }, '2026-11-25T10:00:00.000Z');
    now += DEVICE_DIRECTORY_CHECK_MILLIS;
    expect((await cache.get('dev-1'))?.state).toBe('suspended');
  });

  it('drops every entry when the stamp changed (any device may have changed)', async () => {
    await store.setState('dev-2', { state: 'active', institutionNumber: '1311234569', siteId: 'site-1' }, '2026-11-25T09:00:00.000Z');
    await cache.get('dev-1');
    await cache.get('dev-2');
    await store.setKey('dev-2', 'key-2', '2026-11-25T10:00:00.000Z');
    store.reads = 0;
    now += DEVICE_DIRECTORY_CHECK_MILLIS;
    expect((await cache.get('dev-2'))?.signingKey).toBe('key-2');
    await cache.get('dev-1');
    expect(store.reads).toBe(2);
  });

  it('does not share or keep a read that overlapped a change of the stamp', async () => {
    const held = store.hold();
    const overlapping = cache.get('dev-1'); // reads "active"...
    await new Promise((r) => setImmediate(r));
    // ...then another instance records the suspension, and the next check sees the new stamp.
    await store.setState('dev-1', { state: 'suspended' }, '2026-11-25T10:00:00.000Z');
    now += DEVICE_DIRECTORY_CHECK_MILLIS;
    const next = cache.get('dev-1');
    held.release();
    expect((await overlapping)?.state).toBe('active'); // the request that was already running
    expect((await next)?.state).toBe('suspended');
    expect((await cache.get('dev-1'))?.state).toBe('suspended');
  });

  it('fails a look-up whose stamp check fails, and asks again on the next one', async () => {
    await cache.get('dev-1');
    now += DEVICE_DIRECTORY_CHECK_MILLIS;
    const failing = jest.spyOn(store, 'changeStamp').mockRejectedValueOnce(new Error('database away'));
    await expect(cache.get('dev-1')).rejects.toThrow('database away');
    expect((await cache.get('dev-1'))?.state).toBe('active');
    expect(failing).toHaveBeenCalledTimes(2);
  });

  it('sees a suspension or a new key recorded through itself at once', async () => {
    await cache.get('dev-1');
    await cache.setState('dev-1', { state: 'suspended' }, '2026-11-25T10:00:00.000Z');
    expect((await cache.get('dev-1'))?.state).toBe('suspended');
    await cache.setKey('dev-1', 'key-2', '2026-11-25T10:00:00.000Z');
    expect((await cache.get('dev-1'))?.signingKey).toBe('key-2');
  });

  it('does not keep a read that overlapped a write (it may hold the value from before the write)', async () => {
    const held = store.hold();
    const overlapping = cache.get('dev-1'); // reads "active"...
    await new Promise((r) => setImmediate(r));
    await cache.setState('dev-1', { state: 'suspended' }, '2026-11-25T10:00:00.000Z'); // ...then the suspension is written
    held.release();
    expect((await overlapping)?.state).toBe('active'); // the request that was already running
    expect((await cache.get('dev-1'))?.state).toBe('suspended'); // but nothing after it
  });

  it('shares one read between concurrent look-ups of a device', async () => {
    const all = await Promise.all([cache.get('dev-1'), cache.get('dev-1'), cache.get('dev-1')]);
    expect(all.map((d) => d?.deviceId)).toEqual(['dev-1', 'dev-1', 'dev-1']);
    expect(store.reads).toBe(1);
  });

  it('does not keep an unknown device: its activation is seen on the next request', async () => {
    expect(await cache.get('dev-new')).toBeNull();
    await store.setState('dev-new', { state: 'active', institutionNumber: '1311234569', siteId: 'site-1' }, '2026-11-25T09:00:00.000Z');
    expect((await cache.get('dev-new'))?.state).toBe('active');
  });

  it('keeps at most `limit` entries, dropping the least recently loaded', async () => {
    const small = new CachedDeviceDirectory(store, { now: () => now, limit: 2, refreshAheadMillis: 0 });
    for (const id of ['a', 'b', 'c']) await store.setState(id, { state: 'active' }, '2026-11-25T09:00:00.000Z');
    store.reads = 0;
    for (const id of ['a', 'b', 'c']) await small.get(id);
    await small.get('c');
    await small.get('b');
    expect(store.reads).toBe(3);
    await small.get('a'); // evicted
    expect(store.reads).toBe(4);
  });
});

describe('the device directory cache reading its change stamp ahead (the default)', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('reads the stamp ahead while requests come, so none waits for its round trip; reads none while idle; sees another instance’s change within the period', async () => {
    const store = new CountingDirectory();
    await store.setState('dev-1', { state: 'active', institutionNumber: '1311234569', siteId: 'site-1' }, '2026-11-25T09:00:00.000Z');
    await store.setKey('dev-1', 'key-1', '2026-11-25T09:00:00.000Z');
    // The stamp's round trip answers when the test opens its gate.
    const gates: (() => void)[] = [];
    const stampOf = store.changeStamp.bind(store);
    let stampReads = 0;
    store.changeStamp = () => (stampReads++, new Promise<void>((r) => gates.push(r)).then(stampOf));
    const cache = new CachedDeviceDirectory(store, { now: () => Date.now() });
    const answer = async () => {
      gates.shift()!();
      await jest.advanceTimersByTimeAsync(0);
    };
    const first = cache.get('dev-1');
    await jest.advanceTimersByTimeAsync(0);
    await answer();
    expect((await first)?.state).toBe('active');
    expect(stampReads).toBe(1);

    // Requests keep coming: the next read starts REFRESH_AHEAD before the check is due...
    await jest.advanceTimersByTimeAsync(100);
    await cache.get('dev-1');
    await jest.advanceTimersByTimeAsync(DEVICE_DIRECTORY_CHECK_MILLIS - DEVICE_DIRECTORY_REFRESH_AHEAD_MILLIS - 100);
    expect(stampReads).toBe(2);
    // ...another instance suspends the device while that read is out (it answers after the change)...
    await store.setState('dev-1', { state: 'suspended' }, '2026-11-25T10:00:00.000Z');
    // ...and a request while the read is out is not held: the last check is within the period.
    let answered = false;
    const during = cache.get('dev-1').then((d) => ((answered = true), d));
    await jest.advanceTimersByTimeAsync(0);
    expect(answered).toBe(true);
    expect((await during)?.state).toBe('active');
    await answer();
    // The stamp read ahead saw the change: the next request reads the device again, without waiting for a stamp.
    expect((await cache.get('dev-1'))?.state).toBe('suspended');

    // Idle: nobody asks after the last read ahead has started, so no further read.
    await jest.advanceTimersByTimeAsync(DEVICE_DIRECTORY_CHECK_MILLIS);
    if (gates.length) await answer(); // the read ahead scheduled while the last request came
    const reads = stampReads;
    await jest.advanceTimersByTimeAsync(10 * DEVICE_DIRECTORY_CHECK_MILLIS);
    expect(stampReads).toBe(reads);
    // The next request after the idle period waits for a fresh stamp, as without the read ahead.
    answered = false;
    const after = cache.get('dev-1').then(() => (answered = true));
    await jest.advanceTimersByTimeAsync(0);
    expect([stampReads, answered]).toEqual([reads + 1, false]);
    await answer();
    await after;
    expect(answered).toBe(true);
  });
});

describe('the cached device directory over the memory twin', () => {
  // The cache is a device directory too: the port's cases hold through it (on MongoDB in cached-device-directory.int.spec.ts).
  deviceDirectoryContract(async () => ({ directory: new CachedDeviceDirectory(new InMemoryDeviceDirectory()) }));
});
