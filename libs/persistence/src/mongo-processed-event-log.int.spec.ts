import type { Connection } from 'mongoose';
import { connectTestDatabase, processedEventLogContract } from '@hcv/testing';
import { MongoProcessedEventLog } from './mongo-processed-event-log';

// The processed-event log on the MongoDB-wire test server: the port's cases (processedEventLogContract,
// also run on the memory log), then what only this log does: coalesced round trips, one document per
// group and event.
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

  processedEventLogContract('MongoDB log', async () => new MongoProcessedEventLog(db.connection));

  it('takes far fewer round trips than events for 200 concurrent checks and records', async () => {
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
    expect(await db.connection.collection('processed_events').countDocuments({ groupId: 'g1' })).toBe(200);
  });

  it('stores an event recorded twice (a redelivery handled at the same moment, or later) once, with when it was handled', async () => {
    const log = new MongoProcessedEventLog(db.connection);
    await log.record('g3', 'dup-0');
    await Promise.all([log.record('g3', 'dup-1'), log.record('g3', 'dup-1'), log.record('g3', 'dup-0'), log.record('g3', 'dup-2')]);
    const stored = await db.connection.collection('processed_events').find({ groupId: 'g3' }).sort({ _id: 1 }).toArray();
    expect(stored.map((d) => d._id)).toEqual(['g3|dup-0', 'g3|dup-1', 'g3|dup-2']);
    expect(stored.every((d) => d.processedAt instanceof Date && d.eventId)).toBe(true);
  });

  it('answers a batch with one find and records it with one insertMany, a duplicate in it stored once', async () => {
    const log = new MongoProcessedEventLog(db.connection);
    const ids = Array.from({ length: 50 }, (_, i) => `batch-${i}`);
    await log.record('g4', 'batch-7');
    commands.length = 0;
    await log.seenMany('g4', ids);
    expect(commands).toEqual(['find processed_events']);
    await log.recordMany('g4', ids.slice(0, 10)); // batch-7 again among them
    expect(commands).toEqual(['find processed_events', 'insertMany processed_events']);
    expect(await db.connection.collection('processed_events').countDocuments({ groupId: 'g4' })).toBe(10);
  });
});
