import type { StaffClaims } from '@hcv/contracts';
import { onRaised, onStaffStep, type DeskAlert } from '../domain/alert-lifecycle';
import { InMemoryDeskAlertRepository } from '../persistence/desk-alert.memory';
import { InMemoryOperationsRepository } from '../persistence/operations.memory';
import { changeFor, sseFrame } from '../stream-operations/stream-operations.http.controller';
import { DeskChanges, type DeskChange } from './desk-changes';
import { DeskIndex } from './desk-index';

const staff = (roles: StaffClaims['roles'], sites?: string[]): StaffClaims => ({
  iss: 'hcv',
  sub: 'u',
  roles,
  ...(sites ? { sites } : {}),
  iat: 0,
  exp: 1,
});

describe('the desk’s picture and the deltas it pushes', () => {
  let now = new Date('2026-12-06T01:00:00.000Z');
  async function desk() {
    const ops = new InMemoryOperationsRepository();
    const alerts = new InMemoryDeskAlertRepository();
    for (const siteId of ['fac-1', 'fac-2']) {
      await ops.upsertSite({ siteId, kind: 'facility', institutionNumber: '1310210016' });
      await ops.updateDevice(`${siteId}-d`, () => ({
        deviceId: `${siteId}-d`,
        siteId,
        lifecycle: 'active',
        lifecycleAt: now.toISOString(),
        connectivity: 'online',
        connectivityAt: now.toISOString(),
      }));
    }
    const changes = new DeskChanges();
    const pushed: DeskChange[] = [];
    changes.subscribe((c) => pushed.push(c));
    return { ops, alerts, pushed, index: new DeskIndex(ops, alerts, changes, () => now) };
  }

  it('pushes only the items that changed since the previous rebuild, and each alert change once', async () => {
    const { ops, alerts, pushed, index } = await desk();
    await index.refresh();
    expect(pushed).toEqual([]); // the first picture is no change
    await ops.updateDevice('fac-2-d', (d) => ({ ...d!, connectivity: 'offline' }));
    now = new Date(now.getTime() + 2_000);
    await index.refresh();
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatchObject({
      event: 'overview-changed',
      siteIds: ['fac-2'],
      data: { items: [{ siteId: 'fac-2', state: 'down' }], removed: [] },
    });
    expect((pushed[0]!.data as { prefectures: { code: string }[] }).prefectures.map((p) => p.code)).toEqual(['13']);

    const raised = onRaised(
      undefined,
      {
        alertId: 'device-offline:fac-2',
        kind: 'device-offline',
        severity: 'warning',
        scope: { siteId: 'fac-2' },
        message: 'x',
        raisedAt: now.toISOString(),
      },
      'e1',
    )!;
    await alerts.update(raised.alertId, () => raised);
    index.announceAlert(raised); // a staff step or this replica's projection announces at once
    now = new Date(now.getTime() + 2_000);
    await index.refresh(); // the refresh reads it again (changed since): not pushed twice
    const alertChanges = pushed.filter((c) => c.event === 'alert-changed');
    expect(alertChanges).toHaveLength(1);
    expect(alertChanges[0]).toMatchObject({ siteIds: ['fac-2'], data: { alert: { alertId: 'device-offline:fac-2', state: 'open' } } });
    // the alert made the site's line change (alerting)
    expect(pushed.filter((c) => c.event === 'overview-changed')).toHaveLength(2);
    // nothing changed: nothing pushed
    const before = pushed.length;
    now = new Date(now.getTime() + 2_000);
    await index.refresh();
    expect(pushed).toHaveLength(before);
  });

  it('keeps the picture by site: a late outcome in an older minute is read within a round of slices, and windows move as the minute turns', async () => {
    const { ops, pushed, index } = await desk();
    const start = now;
    const minute = (offset: number) => new Date(start.getTime() + offset * 60_000).toISOString().slice(0, 16);
    await ops.addToMinute('fac-1', minute(0), 'o1', { kind: 'outcome', outcome: 'matched', elapsedMillis: 120 });
    await index.refresh();
    expect((await index.current()).byId.get('fac-1')!.last5).toMatchObject({ outcomes: 1, p95Millis: 120 });
    expect((await index.current()).totals.last60).toMatchObject({ outcomes: 1, p95Millis: 120 });

    // an outcome counted late, 30 minutes back: not among the latest minutes, found by one of the slices
    now = new Date(start.getTime() + 1_000);
    await ops.addToMinute('fac-2', minute(-30), 'o2', { kind: 'outcome', outcome: 'member-mismatch', elapsedMillis: 900 });
    let refreshes = 0;
    while ((await index.current()).byId.get('fac-2')!.last60.outcomes === 0 && refreshes < 25) {
      await index.refresh();
      refreshes++;
    }
    expect(refreshes).toBeGreaterThan(0);
    expect(refreshes).toBeLessThanOrEqual(19);
    const late = pushed.filter((c) => c.event === 'overview-changed').at(-1)!;
    expect(late.siteIds).toEqual(['fac-2']); // only the line that changed
    expect((await index.current()).totals.last60).toMatchObject({ outcomes: 2, failures: 1, p95Millis: 900 });

    // six minutes on: fac-1's outcome left its five-minute window, not its hour
    now = new Date(start.getTime() + 6 * 60_000);
    await index.refresh();
    const item = (await index.current()).byId.get('fac-1')!;
    expect(item.last5.outcomes).toBe(0);
    expect(item.last60.outcomes).toBe(1);
    expect((await index.current()).totals.last5.outcomes).toBe(0);
    expect(pushed.at(-1)).toMatchObject({ event: 'overview-changed', siteIds: ['fac-1'] });
  });

  it('reads only the sites and devices changed since the previous refresh, every one at the first and every fullRefreshMillis', async () => {
    const { ops, alerts, pushed } = await desk();
    const index = new DeskIndex(ops, alerts, new DeskChanges(), () => now, { fullRefreshMillis: 60_000 });
    const sites = jest.spyOn(ops, 'sitesChangedSince');
    const devices = jest.spyOn(ops, 'devicesChangedSince');
    const unresolved = jest.spyOn(alerts, 'alertsChangedSince');
    const start = now;
    await index.refresh();
    expect(sites).toHaveBeenLastCalledWith(undefined);
    expect(devices).toHaveBeenLastCalledWith(undefined);
    expect(unresolved).toHaveBeenLastCalledWith(undefined);
    now = new Date(start.getTime() + 2_000);
    await index.refresh();
    const stamp = (await devices.mock.results.at(-1)!.value).stamp;
    expect(devices.mock.calls.at(-1)![0]).toEqual(expect.any(Number));
    expect(sites.mock.calls.at(-1)![0]).toEqual(expect.any(Number));
    // nothing changed: nothing read (the memory twin's stamps tell exactly)
    expect((await devices.mock.results.at(-1)!.value).changed).toEqual([]);
    await ops.updateDevice('fac-1-d', (d) => ({ ...d!, connectivity: 'offline' }));
    now = new Date(start.getTime() + 4_000);
    await index.refresh();
    expect(devices).toHaveBeenLastCalledWith(stamp);
    expect((await devices.mock.results.at(-1)!.value).changed.map((d: { deviceId: string }) => d.deviceId)).toEqual(['fac-1-d']);
    expect((await index.current()).byId.get('fac-1')!.devices.offline).toBe(1);
    expect(unresolved.mock.calls.at(-1)![0]).toEqual(expect.any(Number));
    now = new Date(start.getTime() + 60_000);
    await index.refresh();
    expect(devices).toHaveBeenLastCalledWith(undefined);
    expect(sites).toHaveBeenLastCalledWith(undefined);
    expect(unresolved).toHaveBeenLastCalledWith(undefined);
    expect(pushed).toEqual([]);
  });

  it('keeps the same picture and pushes the same deltas as a desk that reads every site and device each time', async () => {
    const { ops, alerts } = await desk();
    const changesOf = (changes: DeskChange[]) =>
      changes.map((c) => ({ ...c, siteIds: [...(c.siteIds ?? [])].sort(), data: { ...c.data, items: sortedItems(c.data.items) } }));
    const sortedItems = (items: unknown) =>
      Array.isArray(items) ? [...(items as { siteId: string }[])].sort((a, b) => a.siteId.localeCompare(b.siteId)) : items;
    const make = (fullRefreshMillis: number) => {
      const changes = new DeskChanges();
      const pushed: DeskChange[] = [];
      changes.subscribe((c) => pushed.push(c));
      return { pushed, index: new DeskIndex(ops, alerts, changes, () => now, { fullRefreshMillis }) };
    };
    const everyTime = make(0);
    const changed = make(3_600_000);
    const picture = async (index: DeskIndex) => {
      const { at: _at, ...rest } = await index.current();
      const sorted = <T>(m: Map<string, T[]>) =>
        new Map([...m].map(([k, v]) => [k, [...v].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))]));
      return { ...rest, devicesBySite: sorted(rest.devicesBySite) };
    };
    const stop = { stopId: 'stop-1', name: '駅前', date: '2026-12-06', from: '09:00', to: '12:00' };
    const steps: (() => Promise<unknown>)[] = [
      () => ops.updateDevice('fac-2-d', (d) => ({ ...d!, connectivity: 'offline', connectivityAt: now.toISOString() })),
      () => ops.upsertSite({ siteId: 'bus-1', kind: 'bus', name: '検診車1号', institutionNumber: '1310210016' }),
      () => ops.planItinerary('bus-1', [stop]),
      () =>
        ops.updateDevice('bus-1-d', () => ({
          deviceId: 'bus-1-d',
          siteId: 'bus-1',
          lifecycle: 'active',
          lifecycleAt: now.toISOString(),
          connectivity: 'online',
          connectivityAt: now.toISOString(),
        })),
      () => ops.updateDevice('fac-1-d', (d) => ({ ...d!, lifecycle: 'suspended', lifecycleAt: now.toISOString() })),
      () => ops.upsertSite({ siteId: 'fac-1', kind: 'facility', name: '新宿', institutionNumber: '1310210016' }),
      () => ops.updateDevice('fac-2-d', (d) => ({ ...d!, connectivity: 'online', connectivityAt: now.toISOString() })),
      () => raise('device-offline:fac-1', 'fac-1'),
      () => raise('failure-rate:fac-2', 'fac-2'),
      () => raise('circuit-open:national-system', undefined),
      () => alerts.update('device-offline:fac-1', (a) => onStaffStep(a, 'acknowledged', { by: 'op', at: now.toISOString() }, 'ack-1')),
      () => alerts.update('circuit-open:national-system', (a) => onStaffStep(a, 'resolved', { by: 'op', at: now.toISOString() }, 'res-1')),
      () => alerts.update('failure-rate:fac-2', (a) => onStaffStep(a, 'resolved', { by: 'op', at: now.toISOString() }, 'res-2')),
      () => raise('device-offline:bus-1', 'bus-1'),
      async () => undefined,
    ];
    const raise = (alertId: string, siteId: string | undefined) =>
      alerts.update(alertId, (a) =>
        onRaised(
          a,
          {
            alertId,
            kind: siteId ? 'device-offline' : 'circuit-open',
            severity: 'warning',
            scope: siteId ? { siteId } : { upstream: 'national-system' },
            message: 'x',
            raisedAt: now.toISOString(),
          },
          `e-${alertId}`,
        ),
      );
    for (const step of [async () => undefined, ...steps]) {
      await step();
      now = new Date(now.getTime() + 2_000);
      await everyTime.index.refresh();
      await changed.index.refresh();
      expect(await picture(changed.index)).toEqual(await picture(everyTime.index));
      // the unresolved alerts as the repository lists them, newest change first
      expect((await changed.index.current()).unresolvedAlerts).toEqual(
        await alerts.list({ states: ['open', 'acknowledged'], limit: 10_000 }),
      );
    }
    expect((await changed.index.current()).unresolvedAlerts.map((a: DeskAlert) => a.alertId)).toEqual([
      'device-offline:bus-1',
      'device-offline:fac-1',
    ]);
    expect(changed.pushed.filter((c) => c.event === 'alert-changed').length).toBeGreaterThanOrEqual(6);
    expect(changed.pushed.length).toBeGreaterThan(3);
    expect(changesOf(changed.pushed)).toEqual(changesOf(everyTime.pushed));
  });

  it('gives a site manager only the deltas of their own sites, without federation totals', () => {
    const overview: DeskChange = {
      event: 'overview-changed',
      data: { at: 't', totals: { sites: 2 }, items: [{ siteId: 'a' }, { siteId: 'b' }], removed: ['c'], prefectures: [{ code: '13' }] },
      siteIds: ['a', 'b', 'c'],
    };
    expect(changeFor(staff(['operator']), overview)).toBe(overview.data);
    expect(changeFor(staff(['site-manager'], ['b']), overview)).toEqual({ at: 't', items: [{ siteId: 'b' }], removed: [] });
    expect(changeFor(staff(['site-manager'], ['z']), overview)).toBeNull();
    const federationWide: DeskChange = { event: 'alert-changed', data: { alert: { alertId: 'circuit-open:national-system' } } };
    expect(changeFor(staff(['site-manager'], ['a']), federationWide)).toBeNull();
    expect(changeFor(staff(['operator']), federationWide)).toBe(federationWide.data);
    expect(sseFrame('alert-changed', { a: 'ü' })).toBe('event: alert-changed\ndata: {"a":"ü"}\n\n');
  });
});
