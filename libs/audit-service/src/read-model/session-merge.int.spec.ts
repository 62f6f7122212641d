import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { MongoAnalyticsRepository } from '../analytics/analytics.repository';
import { MongoOperationsRepository } from '../operations/mongo-operations.repository';

/** The one-round-trip merges against the MongoDB-wire server: the document before, after, and a redelivery told apart. */
describe('session merges in MongoDB', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_session_merge');
  });
  afterAll(async () => db.drop());

  it('analytics facts: before and after each event, and the same event again is repeated', async () => {
    const repo = new MongoAnalyticsRepository(db.connection);
    const first = await repo.mergeFacts('s-1', { purpose: 'specific-checkup', siteId: 'bus-1' }, 'e-1');
    expect(first).toEqual({ before: undefined, after: { sessionId: 's-1', purpose: 'specific-checkup', siteId: 'bus-1' }, repeated: false });
    const second = await repo.mergeFacts('s-1', { outcome: 'matched' }, 'e-2');
    expect(second).toEqual({
      before: { sessionId: 's-1', purpose: 'specific-checkup', siteId: 'bus-1' },
      after: { sessionId: 's-1', purpose: 'specific-checkup', siteId: 'bus-1', outcome: 'matched' },
      repeated: false,
    });
    const again = await repo.mergeFacts('s-1', { purpose: 'specific-checkup', siteId: 'bus-1' }, 'e-1');
    expect(again).toEqual({ before: second.after, after: second.after, repeated: true });
  });

  it('operations sessions: the defaults of a new session, before and after, and a repeated event', async () => {
    const repo = new MongoOperationsRepository(db.connection);
    const completed = await repo.mergeSession('s-2', { closed: true, outcome: 'matched', completedAt: '2026-11-25T09:30:00.000Z', elapsedMillis: 900 }, 'e-completed');
    expect(completed.before).toBeUndefined();
    expect(completed.after).toEqual({ sessionId: 's-2', opened: false, closed: true, outcome: 'matched', completedAt: '2026-11-25T09:30:00.000Z', elapsedMillis: 900 });
    expect(completed.repeated).toBe(false);
    const opened = await repo.mergeSession('s-2', { opened: true, siteId: 'bus-1', deviceId: 'd-1' }, 'e-opened');
    expect(opened.before).toEqual(completed.after);
    expect(opened.after).toEqual({ ...completed.after, opened: true, siteId: 'bus-1', deviceId: 'd-1' });
    expect(opened.repeated).toBe(false);
    expect((await repo.mergeSession('s-2', { opened: true, siteId: 'bus-1', deviceId: 'd-1' }, 'e-opened')).repeated).toBe(true);
    // the bookkeeping of event ids stays out of what the read model reports
    expect(await repo.inFlightBySite()).toEqual(new Map());
  });
});
