import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { MongoProcessedEventLog } from './mongo-processed-event-log';

/** The processed-event log on the MongoDB-wire test server: per-event answers, coalesced round trips. */
describe('MongoProcessedEventLog', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  const commands: string[] = [];
  beforeAll(async () => {
    db = await connectTestDatabase('int_processed_log');
    // Counts the requests the log sends (its model's collection is the connection's, cached by name).
    const collection = db.connection.collection('processed_events');
    for (const name of ['find', 'insertMany'] as const) {
      const original = collection[name].bind(collection) as (...args: unknown[]) => unknown;
      jest.spyOn(collection, name).mockImplementation(((...args: unknown[]) => {
        commands.push(`${name} processed_events`);
        return original(...args);
      }) as never);
    }
  });
  afterAll(async () => db.drop());

  it('answers each event for its own group, and 200 concurrent checks and records take far fewer round trips', async () => {
    const log = new MongoProcessedEventLog(db.connection);
    const ids = Array.from({ length: 200 }, (_, i) => `evt-${i}`);
    commands.length = 0;
    expect(await Promise.all(ids.map((id) => log.seen('g1', id)))).toEqual(ids.map(() => false));
    await Promise.all(ids.map((id) => log.record('g1', id)));
    const finds = commands.filter((c) => c === 'find processed_events').length;
    const inserts = commands.filter((c) => c === 'insertMany processed_events').length;
    expect(finds).toBeGreaterThanOrEqual(1);
    expect(finds).toBeLessThanOrEqual(3);
    expect(inserts).toBeGreaterThanOrEqual(1);
    expect(inserts).toBeLessThanOrEqual(3);

    expect(await Promise.all(ids.map((id) => log.seen('g1', id)))).toEqual(ids.map(() => true));
    // Another group has handled none of them.
    expect(await Promise.all(ids.slice(0, 5).map((id) => log.seen('g2', id)))).toEqual([false, false, false, false, false]);
    expect(await db.connection.collection('processed_events').countDocuments({ groupId: 'g1' })).toBe(200);
  });

  it('treats an event recorded twice (a redelivery handled at the same moment, or later) as recorded, and stores it once', async () => {
    const log = new MongoProcessedEventLog(db.connection);
    await log.record('g3', 'dup-0');
    await expect(Promise.all([log.record('g3', 'dup-1'), log.record('g3', 'dup-1'), log.record('g3', 'dup-0'), log.record('g3', 'dup-2')])).resolves.toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    const stored = await db.connection.collection('processed_events').find({ groupId: 'g3' }).sort({ _id: 1 }).toArray();
    expect(stored.map((d) => d._id)).toEqual(['g3|dup-0', 'g3|dup-1', 'g3|dup-2']);
    expect(stored.every((d) => d.processedAt instanceof Date && d.eventId)).toBe(true);
  });

  it('answers a batch with one find and records it with one insertMany, a duplicate in it counting as recorded', async () => {
    const log = new MongoProcessedEventLog(db.connection);
    const ids = Array.from({ length: 50 }, (_, i) => `batch-${i}`);
    await log.record('g4', 'batch-7');
    commands.length = 0;
    expect([...(await log.seenMany('g4', ids))]).toEqual(['batch-7']);
    expect(commands).toEqual(['find processed_events']);
    await log.recordMany('g4', ids.slice(0, 10)); // batch-7 again among them
    expect(commands).toEqual(['find processed_events', 'insertMany processed_events']);
    expect((await log.seenMany('g4', ids)).size).toBe(10);
    expect(await log.seenMany('g5', ids)).toEqual(new Set());
    expect(await db.connection.collection('processed_events').countDocuments({ groupId: 'g4' })).toBe(10);
  });
});
