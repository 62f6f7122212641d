import type { Connection } from 'mongoose';
import { anOpenedSession, connectTestDatabase } from '@hcv/testing';
import { CachedDeviceDirectory, DEVICE_ENTRY_MAX_AGE_MILLIS } from '../device-directory/cached-device-directory';
import { MongoDeviceDirectory } from '../device-directory/device-directory.repository';
import type { Session } from '../domain/session.decide';
import { MongoSessionRepository } from './session.repository';

const session: Session = anOpenedSession();

describe('card-session repositories against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_card_session');
  });
  afterAll(async () => db.drop());

  it('stores and reads a session, and refuses a save based on a stale version', async () => {
    const repo = new MongoSessionRepository(db.connection);
    await repo.insert(session);
    expect(await repo.get(session.sessionId)).toEqual(session);

    const first = await repo.save({ ...session, state: 'card-read', cardReference: 'card-000001-0a1b2c3d' });
    expect(first?.version).toBe(1);
    // A second writer that read version 0 loses: optimistic concurrency without transactions.
    expect(await repo.save({ ...session, voucherNumber: '12345678901' })).toBeNull();
    const stored = await repo.get(session.sessionId);
    expect(stored).toMatchObject({ state: 'card-read', version: 1 });
    expect(stored?.voucherNumber).toBeUndefined();
  });

  it('stores no field for an unset value, reads the session without its pending events, and removes fields a save leaves out', async () => {
    const repo = new MongoSessionRepository(db.connection);
    const s: Session = { ...session, sessionId: '0c7d3f56-2a41-4b1e-8d7c-5e6f7a8b9c0d', traceparent: undefined, cardReference: 'card-000001-0a1b2c3d' };
    const entry = { eventId: 'e-1', topic: 'session.opened.v1', key: s.sessionId, value: '{}', headers: {}, stagedAt: '2026-11-24T09:00:00.000Z' };
    await repo.insert(s, [entry]);
    const raw = await db.connection.collection('sessions').findOne({ _id: s.sessionId as never });
    expect(raw).not.toHaveProperty('traceparent'); // not null: absent
    expect(raw?.outbox).toHaveLength(1);
    const read = await repo.get(s.sessionId);
    expect(read).not.toHaveProperty('outbox');
    expect(read).not.toHaveProperty('traceparent');

    const { cardReference: _dropped, ...withoutCard } = read!;
    const saved = await repo.save({ ...withoutCard, state: 'eligibility-requested', outcome: { kind: 'matched', reason: 'ok', decidedAt: '2026-11-24T09:01:00.000Z' } }, [{ ...entry, eventId: 'e-2' }]);
    expect(saved?.version).toBe(1);
    const after = await db.connection.collection('sessions').findOne({ _id: s.sessionId as never });
    expect(after).not.toHaveProperty('cardReference');
    expect(after).toMatchObject({ state: 'eligibility-requested', version: 1, outcome: { kind: 'matched', reason: 'ok', decidedAt: '2026-11-24T09:01:00.000Z' } });
    expect((after?.outbox as { eventId: string }[]).map((e) => e.eventId)).toEqual(['e-1', 'e-2']);
  });

  it('lets only one of two concurrent writers of the same version win', async () => {
    const repo = new MongoSessionRepository(db.connection);
    const s = { ...session, sessionId: 'a2b1c6f4-8f0e-4b8e-9a4c-3d2e1f0a9b8c' };
    await repo.insert(s);
    const results = await Promise.all([repo.save({ ...s, pinFailures: 1 }), repo.save({ ...s, voucherNumber: '12345678901' })]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });

  it('keeps the newest device state and key when registry events arrive out of order', async () => {
    const directory = new MongoDeviceDirectory(db.connection);
    await directory.setKey('dev-9', 'k2', '2026-11-24T10:30:00.000Z');
    await directory.setState('dev-9', { state: 'suspended' }, '2026-11-24T10:00:00.000Z');
    await directory.setState('dev-9', { state: 'active', institutionNumber: '1311234566', siteId: 'bus-01' }, '2026-11-24T09:00:00.000Z');
    await directory.setKey('dev-9', 'k1', '2026-11-24T09:00:00.000Z');
    expect(await directory.get('dev-9')).toMatchObject({ state: 'suspended', signingKey: 'k2', siteId: 'bus-01' });
    await directory.setState('dev-9', { state: 'active' }, '2026-11-24T11:00:00.000Z');
    expect((await directory.get('dev-9'))?.state).toBe('active');
  });

  it('gives a device one active session at a time, even under concurrent opens', async () => {
    const directory = new MongoDeviceDirectory(db.connection);
    await directory.setState('dev-lock', { state: 'active' }, '2026-11-24T09:00:00.000Z');
    const wins = await Promise.all(['s-a', 's-b', 's-c', 's-d'].map((s) => directory.acquireSession('dev-lock', s)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    const winner = ['s-a', 's-b', 's-c', 's-d'][wins.indexOf(true)]!;
    await directory.releaseSession('dev-lock', 'someone-else');
    expect(await directory.acquireSession('dev-lock', 's-e')).toBe(false);
    await directory.releaseSession('dev-lock', winner);
    expect(await directory.acquireSession('dev-lock', 's-e')).toBe(true);
  });

  // Two card-session instances share one device directory; only one of them consumes a given device
  // event (one consumer group). The one that records a suspension refuses the device at once; the
  // other within DEVICE_ENTRY_MAX_AGE_MILLIS of the write.
  it('takes a suspension at once where it was recorded and within the bound elsewhere', async () => {
    const recording = new CachedDeviceDirectory(new MongoDeviceDirectory(db.connection));
    // The other instance's cache ages on an injected clock: the bound is passed without waiting it out.
    let otherNow = 0;
    const other = new CachedDeviceDirectory(new MongoDeviceDirectory(db.connection), { now: () => otherNow });
    await recording.setState('dev-s', { state: 'active', institutionNumber: '1311234566', siteId: 'bus-01' }, '2026-11-25T09:00:00.000Z');
    await recording.setKey('dev-s', 'key-1', '2026-11-25T09:00:00.000Z');
    expect(await recording.get('dev-s')).toMatchObject({ state: 'active', signingKey: 'key-1', siteId: 'bus-01' });
    expect((await other.get('dev-s'))?.state).toBe('active');

    await recording.setState('dev-s', { state: 'suspended' }, '2026-11-25T10:00:00.000Z');
    expect((await recording.get('dev-s'))?.state).toBe('suspended');

    // Any entry the other instance holds was loaded before the write finished: it has expired by now.
    otherNow += DEVICE_ENTRY_MAX_AGE_MILLIS;
    expect((await other.get('dev-s'))?.state).toBe('suspended');
  });

  it('serves the slot from the store only: one session per device across instances', async () => {
    const a = new CachedDeviceDirectory(new MongoDeviceDirectory(db.connection));
    const b = new CachedDeviceDirectory(new MongoDeviceDirectory(db.connection));
    await a.setState('dev-slot', { state: 'active' }, '2026-11-25T09:00:00.000Z');
    await Promise.all([a.get('dev-slot'), b.get('dev-slot')]);
    const wins = await Promise.all([a.acquireSession('dev-slot', 's-a'), b.acquireSession('dev-slot', 's-b')]);
    expect(wins.filter(Boolean)).toHaveLength(1);
    const holder = wins[0] ? 's-a' : 's-b';
    expect(await b.activeSessionOf('dev-slot')).toBe(holder);
    await a.releaseSession('dev-slot', holder);
    expect(await b.activeSessionOf('dev-slot')).toBeNull();
    expect(await b.acquireSession('dev-slot', 's-c')).toBe(true);
  });
});
