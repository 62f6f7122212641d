import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { MongoDeviceDirectory } from '../device-directory/device-directory.repository';
import type { Session } from './session';
import { MongoSessionRepository } from './session.repository';

const session: Session = {
  sessionId: '7b0c5a8e-3c1f-4a55-9a39-3f1b8e2f0c11',
  deviceId: 'dev-1',
  institutionNumber: '1311234567',
  siteId: 'site-1',
  purpose: 'specific-checkup',
  checkupDate: '2026-11-24',
  state: 'opened',
  correlationId: 'c-1',
  openedAt: '2026-11-24T09:00:00.000Z',
  pinFailures: 0,
  version: 0,
};

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

  it('lets only one of two concurrent writers of the same version win', async () => {
    const repo = new MongoSessionRepository(db.connection);
    const s = { ...session, sessionId: 'a2b1c6f4-8f0e-4b8e-9a4c-3d2e1f0a9b8c' };
    await repo.insert(s);
    const results = await Promise.all([repo.save({ ...s, pinFailures: 1 }), repo.save({ ...s, voucherNumber: '12345678901' })]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });

  it('keeps the newest device state when registry events arrive out of order', async () => {
    const directory = new MongoDeviceDirectory(db.connection);
    const base = { deviceId: 'dev-9', institutionNumber: '1311234567', siteId: 'bus-01' };
    await directory.upsert({ ...base, state: 'suspended', asOf: '2026-11-24T10:00:00.000Z' });
    await directory.upsert({ ...base, state: 'active', asOf: '2026-11-24T09:00:00.000Z' });
    expect((await directory.get('dev-9'))?.state).toBe('suspended');
    await directory.upsert({ ...base, state: 'active', asOf: '2026-11-24T11:00:00.000Z' });
    expect((await directory.get('dev-9'))?.state).toBe('active');
  });
});
