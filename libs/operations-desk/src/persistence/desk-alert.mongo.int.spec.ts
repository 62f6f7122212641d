import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { deskAlertRepositoryContract, raisedAlert } from './desk-alert.contract';
import { ALERT_STAMP, MongoDeskAlertRepository } from './desk-alert.mongo';
import { CHANGE_LOOKBEHIND_MILLIS } from './operations.mongo';

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

  const raised = (siteId: string) => raisedAlert(`device-offline:${siteId}`, siteId, '2026-12-07T09:00:00.000Z');
  const stampsOf = async () =>
    (await db.connection.collection('ops_alerts').find().toArray()).map((d) => d[ALERT_STAMP]).filter((at) => at instanceof Date);

  it('stamps every alert write with the server’s time, never returned; reads a late-committed write behind the stamp it was given', async () => {
    await db.connection.collection('ops_alerts').deleteMany({});
    const repo = new MongoDeskAlertRepository(db.connection);
    for (const siteId of ['late', 's1']) await repo.update(`device-offline:${siteId}`, () => raised(siteId));
    const { stamp, changed } = await repo.alertsChangedSince();
    expect(changed.map((a) => a.alertId).sort()).toEqual(['device-offline:late', 'device-offline:s1']);
    expect(changed[0]).not.toHaveProperty(ALERT_STAMP);
    expect(stamp).toBe(Math.max(...(await stampsOf()).map((at) => at.getTime())));
    // another instance's write that took its stamp a moment before the newest one read, and became visible only now
    await db.connection
      .collection('ops_alerts')
      .updateOne(
        { _id: 'device-offline:late' as never },
        { $set: { state: 'acknowledged', [ALERT_STAMP]: new Date(stamp - CHANGE_LOOKBEHIND_MILLIS / 2) } },
      );
    const next = await repo.alertsChangedSince(stamp);
    expect(next.changed.find((a) => a.alertId === 'device-offline:late')).toMatchObject({ state: 'acknowledged' });
    expect(next.stamp).toBeGreaterThanOrEqual(stamp);
  });

  it('gives as the stamp of a read without one the newest write of any alert, a resolved one too', async () => {
    await db.connection.collection('ops_alerts').deleteMany({});
    const repo = new MongoDeskAlertRepository(db.connection, { changeLookbehindMillis: 200 });
    await repo.update('device-offline:s1', () => raised('s1'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await repo.update('device-offline:s2', () => ({ ...raised('s2'), state: 'resolved', condition: 'cleared' }));
    const all = await repo.alertsChangedSince();
    expect(all.changed.map((a) => a.alertId)).toEqual(['device-offline:s1']);
    expect(all.stamp).toBe(Math.max(...(await stampsOf()).map((at) => at.getTime())));
    await new Promise((resolve) => setTimeout(resolve, 400));
    // past the look-behind, nothing written: nothing read (the resolved one is not read again and again)
    expect((await repo.alertsChangedSince((await repo.alertsChangedSince(all.stamp)).stamp)).changed).toEqual([]);
  });

  it('reads an alert written before alerts had change stamps in every read without a stamp; a write stamps it', async () => {
    await db.connection.collection('ops_alerts').deleteMany({});
    const repo = new MongoDeskAlertRepository(db.connection);
    const { alertId: _id, ...old } = raised('old');
    await db.connection
      .collection('ops_alerts')
      .insertOne({ _id: 'device-offline:old' as never, ...old, alertId: 'device-offline:old', v: 1 });
    const all = await repo.alertsChangedSince();
    expect(all.changed).toEqual([raised('old')]);
    expect((await repo.alertsChangedSince(all.stamp)).changed).toEqual([]);
    await repo.update('device-offline:old', (cur) => ({ ...cur!, message: 'y' }));
    expect((await repo.alertsChangedSince(all.stamp)).changed).toEqual([{ ...raised('old'), message: 'y' }]);
  });
});
