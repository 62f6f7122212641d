import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';

/**
 * The test database server (tools/infra/MongoWireServer.java) answers a query that names `_id` and
 * other fields from its `_id` index, then checks the other fields — as MongoDB does. These are the
 * shapes the services use (compare-and-set on a version, a state guard, `$in` batches); each must
 * still give MongoDB's answer, where a narrowing that forgot the other fields would not.
 */
describe('test database: queries naming _id and other fields', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  const docs = () => db.connection.collection<{ _id: string; version: number; state: string }>('id_queries');

  beforeAll(async () => {
    db = await connectTestDatabase('int_id_queries');
    await docs().insertMany(
      Array.from({ length: 50 }, (_, i) => ({ _id: `d-${String(i).padStart(2, '0')}`, version: i % 3, state: i % 2 ? 'open' : 'closed' })),
    );
  });
  afterAll(async () => db.drop());

  it('a compare-and-set on _id and version changes the document only when the version matches', async () => {
    expect((await docs().updateOne({ _id: 'd-04', version: 0 }, { $set: { version: 9 } })).modifiedCount).toBe(0);
    expect((await docs().updateOne({ _id: 'd-04', version: 1 }, { $set: { version: 2 } })).modifiedCount).toBe(1);
    expect((await docs().updateOne({ _id: 'd-04', version: 1 }, { $set: { version: 3 } })).modifiedCount).toBe(0);
    expect(await docs().findOne({ _id: 'd-04' })).toEqual({ _id: 'd-04', version: 2, state: 'closed' });
    // An _id that is not there matches nothing, whatever the other fields say.
    expect((await docs().updateOne({ _id: 'nope', version: 0 }, { $set: { version: 1 } })).matchedCount).toBe(0);
  });

  it('finds, counts and deletes by _id plus a guard field', async () => {
    expect(await docs().findOne({ _id: 'd-07', state: 'closed' })).toBeNull();
    expect(await docs().findOne({ _id: 'd-07', state: 'open' })).toEqual({ _id: 'd-07', version: 1, state: 'open' });
    expect(await docs().countDocuments({ _id: 'd-07', state: 'closed' })).toBe(0);
    expect((await docs().deleteOne({ _id: 'd-09', state: 'closed' })).deletedCount).toBe(0);
    expect((await docs().deleteOne({ _id: 'd-09', state: 'open' })).deletedCount).toBe(1);
    expect(await docs().findOne({ _id: 'd-09' })).toBeNull();
  });

  it('an _id $in batch with another field returns the intersection, sorted and limited as asked', async () => {
    const ids = ['d-10', 'd-11', 'd-12', 'd-13', 'd-14', 'd-15', 'missing'];
    const open = await docs()
      .find({ _id: { $in: ids }, state: 'open' })
      .sort({ _id: -1 })
      .toArray();
    expect(open.map((d) => d._id)).toEqual(['d-15', 'd-13', 'd-11']);
    const limited = await docs()
      .find({ _id: { $in: ids }, version: { $gte: 1 } })
      .sort({ _id: 1 })
      .limit(2)
      .toArray();
    expect(limited.map((d) => d._id)).toEqual(['d-10', 'd-11']);
  });

  it('an _id range (an operator the index does not answer) with another field is still answered in full', async () => {
    const found = await docs()
      .find({ _id: { $gte: 'd-40' }, state: 'closed' })
      .sort({ _id: 1 })
      .toArray();
    expect(found.map((d) => d._id)).toEqual(['d-40', 'd-42', 'd-44', 'd-46', 'd-48']);
  });
});

/**
 * A service that starts creates its indexes while its first writes may already arrive. mongo-java-server
 * appended to a collection's index list without the lock its writes hold, so a write racing an index
 * build failed with "Unknown error: null" (a ConcurrentModificationException in the server); the
 * launcher runs index and collection changes alone. MongoDB gives every write below success.
 */
describe('test database: writes racing index builds', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_index_race');
  });
  afterAll(async () => db.drop());

  it('every insert succeeds while indexes are created on the same collection', async () => {
    const failures: string[] = [];
    let inserted = 0;
    for (let round = 0; round < 40; round++) {
      const collection = db.connection.collection<{ _id: string; a: number; b: string }>(`race_${round}`);
      const writes = Array.from({ length: 200 }, (_, i) =>
        collection.insertOne({ _id: `d-${i}`, a: i, b: `b-${i}` }).then(
          () => inserted++,
          (e: Error) => failures.push(e.message),
        ),
      );
      const builds = ['a', 'b', 'c', 'd', 'e'].map((field) =>
        collection.createIndex({ [field]: 1 }).catch((e: Error) => failures.push(e.message)),
      );
      await Promise.all([...writes, ...builds]);
    }
    expect(failures).toEqual([]);
    expect(inserted).toBe(40 * 200);
  });
});
