import { onRaised, onStaffStep, type DeskAlert } from '../domain/alert-lifecycle';
import type { DeskAlertRepository } from './desk-alert.repository';

/** An alert as the monitor raises it: of a site (a device offline) or federation-wide (a circuit open). */
export const raisedAlert = (alertId: string, siteId: string | undefined, at: string): DeskAlert =>
  onRaised(
    undefined,
    {
      alertId,
      kind: siteId ? 'device-offline' : 'circuit-open',
      severity: 'warning',
      scope: siteId ? { siteId } : { upstream: 'national-system' },
      message: 'x',
      raisedAt: at,
    },
    `e-${alertId}`,
  )!;

/** The cases every DeskAlertRepository passes (memory twin in a unit spec, MongoDB in an int spec). */
export function deskAlertRepositoryContract(setup: () => Promise<{ repo: DeskAlertRepository; cleanup?: () => Promise<void> }>) {
  let repo: DeskAlertRepository;
  let cleanup: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    ({ repo, cleanup } = await setup());
  });
  afterEach(async () => cleanup?.());

  it('stores an alert with its history and gives it back as written', async () => {
    const a = raisedAlert('device-offline:s1', 's1', '2026-12-06T01:00:00.000Z');
    expect(await repo.update(a.alertId, () => a)).toEqual(a);
    expect(await repo.get(a.alertId)).toEqual(a);
    expect(await repo.get('nothing')).toBeUndefined();
    expect(await repo.update(a.alertId, () => null)).toBeNull(); // nothing to change
  });

  it('applies concurrent changes one after the other: no history line is lost', async () => {
    const a = raisedAlert('device-offline:s1', 's1', '2026-12-06T01:00:00.000Z');
    await repo.update(a.alertId, () => a);
    const ack = (by: string, i: number) =>
      repo.update(a.alertId, (cur) =>
        cur ? { ...cur, history: [...cur.history, { action: 'acknowledged', at: cur.changedAt, by, eventId: `ack-${i}` }] } : null,
      );
    await Promise.all([ack('u1', 1), ack('u2', 2), ack('u3', 3)]);
    const stored = await repo.get(a.alertId);
    expect(stored!.history.map((h) => h.by).sort()).toEqual(['system', 'u1', 'u2', 'u3']);
  });

  it('lists by state and by site, newest change first, and tells what changed since a time', async () => {
    const one = raisedAlert('device-offline:s1', 's1', '2026-12-06T01:00:00.000Z');
    const two = raisedAlert('failure-rate:s2', 's2', '2026-12-06T01:05:00.000Z');
    const fed = raisedAlert('circuit-open:national-system', undefined, '2026-12-06T01:02:00.000Z');
    for (const a of [one, two, fed]) await repo.update(a.alertId, () => a);
    await repo.update(one.alertId, (cur) =>
      onStaffStep(cur, 'acknowledged', { by: 'op', at: '2026-12-06T01:10:00.000Z', note: 'on it' }, 'ack-1'),
    );
    expect((await repo.list({ limit: 10 })).map((a) => a.alertId)).toEqual([one.alertId, two.alertId, fed.alertId]);
    expect((await repo.list({ states: ['open'], limit: 10 })).map((a) => a.alertId)).toEqual([two.alertId, fed.alertId]);
    expect((await repo.list({ states: ['acknowledged'], limit: 10 }))[0]).toMatchObject({
      alertId: one.alertId,
      acknowledged: { by: 'op', note: 'on it' },
    });
    expect((await repo.list({ siteIds: ['s2', 's9'], limit: 10 })).map((a) => a.alertId)).toEqual([two.alertId]);
    expect((await repo.list({ limit: 1 })).map((a) => a.alertId)).toEqual([one.alertId]);
    expect((await repo.changedSince('2026-12-06T01:05:00.000Z')).map((a) => a.alertId)).toEqual([one.alertId, two.alertId]);
  });

  it('tells the alerts changed since a stamp: every unresolved one without a stamp, then every write (a resolved one too), each as stored now', async () => {
    const ids = (alerts: readonly DeskAlert[]) => alerts.map((a) => a.alertId).sort();
    const empty = await repo.alertsChangedSince();
    expect(empty.changed).toEqual([]);
    const one = raisedAlert('device-offline:s1', 's1', '2026-12-06T01:00:00.000Z');
    const two = raisedAlert('failure-rate:s2', 's2', '2026-12-06T01:05:00.000Z');
    const fed = raisedAlert('circuit-open:national-system', undefined, '2026-12-06T01:02:00.000Z');
    for (const a of [one, two, fed]) await repo.update(a.alertId, () => a);
    const first = await repo.alertsChangedSince(empty.stamp);
    expect(ids(first.changed)).toEqual(ids([one, two, fed]));
    for (const a of first.changed) expect(a).toEqual(await repo.get(a.alertId));

    await repo.update(one.alertId, (cur) => onStaffStep(cur, 'acknowledged', { by: 'op', at: '2026-12-06T01:10:00.000Z' }, 'ack-1'));
    await repo.update(two.alertId, (cur) => onStaffStep(cur, 'resolved', { by: 'op', at: '2026-12-06T01:11:00.000Z' }, 'res-2'));
    // the changes since: the acknowledged and the resolved one (a reader drops it), each as stored now
    const next = await repo.alertsChangedSince(first.stamp);
    expect(ids(next.changed)).toEqual(expect.arrayContaining(ids([one, two])));
    for (const a of next.changed) expect(a).toEqual(await repo.get(a.alertId));
    expect(next.changed.find((a) => a.alertId === two.alertId)!.state).toBe('resolved');
    expect(next.stamp).toBeGreaterThanOrEqual(first.stamp);
    // no stamp: every unresolved alert, the resolved one left out
    const all = await repo.alertsChangedSince();
    expect(ids(all.changed)).toEqual(ids([one, fed]));
    expect(all.stamp).toBeGreaterThanOrEqual(next.stamp);
    // nothing it returns is older than what is stored, and a write after it comes in the next
    await repo.update(fed.alertId, (cur) => onStaffStep(cur, 'acknowledged', { by: 'op', at: '2026-12-06T01:12:00.000Z' }, 'ack-f'));
    const later = await repo.alertsChangedSince(all.stamp);
    expect(ids(later.changed)).toContain(fed.alertId);
    for (const a of later.changed) expect(a).toEqual(await repo.get(a.alertId));
  });
}
