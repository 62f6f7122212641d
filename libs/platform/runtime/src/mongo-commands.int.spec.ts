import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectMongo, driverConnectionClass } from '@hcv/persistence';
import { countMongoCommand, registry } from '@hcv/platform-metrics';

/** The value of hcv_mongodb_commands_total{command, collection} (0 when absent). */
async function commands(command: string, collection: string): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'hcv_mongodb_commands_total');
  const found = (metric?.values ?? []).find((v) => v.labels.command === command && v.labels.collection === collection);
  return found?.value ?? 0;
}

// A service's connection as runService opens it (onCommand: countMongoCommand), on the MongoDB-wire
// server: every command the service sends is counted once by name and collection; the driver's own
// monitoring and health commands are not.
describe('hcv_mongodb_commands_total', () => {
  let connection: Connection;
  const collection = `counted_${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    connection = await connectMongo({
      url: process.env.MONGO_URL!,
      dbName: `int_mongo_commands_${randomUUID().slice(0, 8)}`,
      onCommand: countMongoCommand,
    });
  });
  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  it('counts each command the connection sends, by command and collection', async () => {
    const c = connection.collection<{ _id: string; n?: number }>(collection);
    await c.insertOne({ _id: 'a' });
    await c.insertMany([{ _id: 'b' }, { _id: 'c' }]);
    await c.updateOne({ _id: 'a' }, { $set: { n: 1 } });
    // A bulk write of three updates is one `update` command: one round trip.
    await c.bulkWrite(['a', 'b', 'c'].map((_id) => ({ updateOne: { filter: { _id }, update: { $inc: { n: 1 } } } })));
    expect(await c.find({ _id: { $in: ['a', 'b'] } }).toArray()).toHaveLength(2);
    await c.findOneAndUpdate({ _id: 'c' }, { $set: { n: 5 } });
    await c.deleteOne({ _id: 'b' });
    // A cursor read in batches of one: find, then getMore (the collection is in its `collection` field).
    expect(await c.find({}, { batchSize: 1 }).toArray()).toHaveLength(2);

    expect(await commands('insert', collection)).toBe(2);
    expect(await commands('update', collection)).toBe(2);
    expect(await commands('find', collection)).toBe(2);
    expect(await commands('findAndModify', collection)).toBe(1);
    expect(await commands('delete', collection)).toBe(1);
    expect(await commands('getMore', collection)).toBeGreaterThanOrEqual(1);
  });

  it('counts them without the driver’s command monitoring (no started/succeeded events built per command)', () => {
    expect(driverConnectionClass()).toBeDefined();
    expect(connection.getClient().options.monitorCommands).toBe(false);
  });

  it('leaves out the driver’s hello, isMaster, ping and endSessions', async () => {
    await connection.db!.admin().ping();
    await connection.db!.admin().command({ isMaster: 1 }); // the test server answers isMaster, not hello
    const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'hcv_mongodb_commands_total');
    const names = new Set((metric?.values ?? []).map((v) => String(v.labels.command)));
    for (const uncounted of ['hello', 'isMaster', 'ismaster', 'ping', 'endSessions']) expect(names.has(uncounted)).toBe(false);
    expect(names.has('insert')).toBe(true);
  });
});
