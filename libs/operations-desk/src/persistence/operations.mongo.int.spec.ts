import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { operationsRepositoryContract } from './operations.contract';
import { CHANGE_LOOKBEHIND_MILLIS, CHANGED_AT, MongoOperationsRepository } from './operations.mongo';

describe('operations read models against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_operations_desk');
  });
  afterAll(async () => db.drop());

  // The same cases as the memory twin (operations.memory.unit.spec.ts), each on emptied collections:
  // with writes leaving at once, and gathered into batches as audit's consumer runs them.
  describe.each([
    ['each write at once', {}],
    ['writes gathered per turn', { gatherMillis: 0 }],
  ])('%s', (_, batching) => {
    operationsRepositoryContract(async () => ({
      repo: new MongoOperationsRepository(db.connection, batching),
      twin: new MongoOperationsRepository(db.connection, batching),
      cleanup: async () => {
        for (const collection of Object.values(db.connection.collections)) await collection.deleteMany({});
      },
    }));
  });

  it('reads changes a little behind the stamp it was given: a write stamped before it but committed after it is not missed', async () => {
    for (const collection of Object.values(db.connection.collections)) await collection.deleteMany({});
    const repo = new MongoOperationsRepository(db.connection);
    const device = (deviceId: string) => ({
      deviceId,
      siteId: 'fac-1',
      lifecycle: 'active' as const,
      lifecycleAt: '2026-11-25T09:00:00.000Z',
      connectivity: 'online' as const,
      connectivityAt: '2026-11-25T09:00:00.000Z',
    });
    await repo.updateDevice('late', () => device('late'));
    await repo.updateDevice('d1', () => device('d1'));
    const { stamp } = await repo.devicesChangedSince();
    // the server's time when the write was applied, stored as a date, never returned
    const stored = await db.connection.collection('ops_devices').findOne({ _id: 'd1' as never });
    expect(stored![CHANGED_AT]).toBeInstanceOf(Date);
    expect(stamp).toBe(Math.max(...(await db.connection.collection('ops_devices').find().toArray()).map((d) => d[CHANGED_AT].getTime())));
    // another instance's write that took its stamp a moment before the newest one read, and became visible only now
    await db.connection
      .collection('ops_devices')
      .updateOne(
        { _id: 'late' as never },
        { $set: { connectivity: 'offline', [CHANGED_AT]: new Date(stamp - CHANGE_LOOKBEHIND_MILLIS / 2) } },
      );
    const next = await repo.devicesChangedSince(stamp);
    expect(next.changed.find((d) => d.deviceId === 'late')).toEqual({ ...device('late'), connectivity: 'offline' });
    expect(next.stamp).toBeGreaterThanOrEqual(stamp);
  });

  it('moves past the last writes while nothing is written: an idle reader reads them again only within the look-behind', async () => {
    for (const collection of Object.values(db.connection.collections)) await collection.deleteMany({});
    const repo = new MongoOperationsRepository(db.connection, {}, { changeLookbehindMillis: 200 });
    await repo.upsertSite({ siteId: 'fac-1', kind: 'facility' });
    const first = await repo.sitesChangedSince();
    await new Promise((resolve) => setTimeout(resolve, 400));
    // within the look-behind of the stamp it was given: read again
    const second = await repo.sitesChangedSince(first.stamp);
    expect(second.changed.map((s) => s.siteId)).toEqual(['fac-1']);
    expect(second.stamp).toBeGreaterThan(first.stamp + 300); // 400 ms passed (a timer may fire a little early)
    // the time passed since moved the stamp on: nothing more to read, until a write
    const third = await repo.sitesChangedSince(second.stamp);
    expect(third.changed).toEqual([]);
    await repo.upsertSite({ siteId: 'fac-2', kind: 'facility' });
    expect((await repo.sitesChangedSince(third.stamp)).changed.map((s) => s.siteId)).toEqual(['fac-2']);
    // a stamp this instance did not give: no time added, it reads more, never less
    const other = new MongoOperationsRepository(db.connection, {}, { changeLookbehindMillis: 200 });
    expect((await other.sitesChangedSince(first.stamp)).changed.map((s) => s.siteId).sort()).toEqual(['fac-1', 'fac-2']);
  });
});
