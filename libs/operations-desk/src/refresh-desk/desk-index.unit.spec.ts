import type { StaffClaims } from '@hcv/contracts';
import { onRaised } from '../domain/alert-lifecycle';
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
