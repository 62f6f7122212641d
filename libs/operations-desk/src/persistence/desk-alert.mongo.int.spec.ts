import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { deskAlertRepositoryContract } from './desk-alert.contract';
import { MongoDeskAlertRepository } from './desk-alert.mongo';

describe('desk alerts against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_operations_desk_alerts');
  });
  afterAll(async () => db.drop());

  // The same cases as the memory twin (desk-alert.memory.unit.spec.ts), each on an emptied collection.
  deskAlertRepositoryContract(async () => ({
    repo: new MongoDeskAlertRepository(db.connection),
    cleanup: async () => {
      for (const collection of Object.values(db.connection.collections)) await collection.deleteMany({});
    },
  }));

  it('reads an alert written before alerts had a state as open or resolved', async () => {
    const repo = new MongoDeskAlertRepository(db.connection);
    await db.connection.collection('ops_alerts').insertOne({
      _id: 'failure-rate:old' as never,
      alertId: 'failure-rate:old',
      kind: 'failure-rate',
      severity: 'warning',
      scope: { siteId: 'old' },
      message: 'x',
      active: true,
      raisedAt: '2026-12-01T00:00:00.000Z',
      changedAt: '2026-12-01T00:00:00.000Z',
    });
    expect(await repo.get('failure-rate:old')).toMatchObject({ state: 'open', condition: 'active', history: [] });
  });
});
