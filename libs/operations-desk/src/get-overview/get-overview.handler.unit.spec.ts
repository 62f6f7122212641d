import type { StaffClaims } from '@hcv/contracts';
import { withInstitutionCheckDigit } from '@hcv/domain';
import { onRaised } from '../domain/alert-lifecycle';
import { DEFAULT_THRESHOLDS } from '../domain/alert-rules';
import { GetDeviceHandler } from '../get-device/get-device.handler';
import { GetSiteHandler } from '../get-site/get-site.handler';
import { ListAlertsHandler } from '../list-alerts/list-alerts.handler';
import { ListFeedHandler } from '../list-feed/list-feed.handler';
import { InMemoryDeskAlertRepository } from '../persistence/desk-alert.memory';
import { InMemoryOperationsRepository } from '../persistence/operations.memory';
import { DeskChanges } from '../refresh-desk/desk-changes';
import { DeskIndex } from '../refresh-desk/desk-index';
import { GetOverviewHandler } from './get-overview.handler';
import { ListPrefecturesHandler } from './list-prefectures.handler';

// 09:30 UTC = 18:30 JST
const now = new Date('2026-11-25T09:30:30.000Z');
const clock = () => now;
const staff = (roles: StaffClaims['roles'], sites?: string[]): StaffClaims => ({
  iss: 'hcv',
  sub: 'u',
  roles,
  ...(sites ? { sites } : {}),
  iat: 0,
  exp: 1,
});
const operator = staff(['operator']);
const manager = staff(['site-manager'], ['bus-1']);
const monitor = { thresholds: DEFAULT_THRESHOLDS, lag: { applicable: false, groups: [] } };
// 東京都 (13) and 大阪府 (27), 点数表 1, with the check digit over the 9-digit body
const TOKYO = withInstitutionCheckDigit('131012345');
const OSAKA = withInstitutionCheckDigit('271054321');

const raise = (alertId: string, scope: Record<string, string>, at: string) =>
  onRaised(
    undefined,
    { alertId, kind: alertId.split(':')[0] as 'failure-rate', severity: 'warning', scope, message: 'x', raisedAt: at },
    `e-${alertId}`,
  )!;

/** A bus in Tokyo (one device online), a centre in Osaka (its only device offline) with an alert, a federation-wide alert. */
async function desk() {
  const ops = new InMemoryOperationsRepository();
  const alerts = new InMemoryDeskAlertRepository();
  await ops.upsertSite({ siteId: 'bus-1', kind: 'bus', name: '検診車1号', institutionNumber: TOKYO });
  await ops.planItinerary('bus-1', [{ stopId: 'stop-1', name: '駅前', date: '2026-11-25', from: '17:00', to: '20:00' }]);
  await ops.upsertSite({ siteId: 'fac-1', kind: 'facility', name: '大阪健診センター', institutionNumber: OSAKA });
  for (const [deviceId, siteId, online] of [
    ['bus-1-dev-1', 'bus-1', true],
    ['fac-1-dev-1', 'fac-1', false],
  ] as const)
    await ops.updateDevice(deviceId, () => ({
      deviceId,
      siteId,
      lifecycle: 'active',
      lifecycleAt: '2026-11-25T09:00:00.000Z',
      connectivity: online ? 'online' : 'offline',
      connectivityAt: '2026-11-25T09:00:00.000Z',
    }));
  for (const [i, siteId] of ['bus-1', 'fac-1', 'fac-1'].entries()) {
    await ops.addToMinute(siteId, '2026-11-25T09:30', `o:${i}`, { kind: 'outcome', outcome: 'matched', elapsedMillis: 80 + i });
    await ops.addFeed({
      id: `o:${i}`,
      at: '2026-11-25T09:30:00.000Z',
      kind: 'outcome',
      siteId,
      deviceId: `${siteId}-dev-1`,
      text: 'matched',
    });
  }
  await alerts.update('device-offline:fac-1', () => raise('device-offline:fac-1', { siteId: 'fac-1' }, '2026-11-25T09:29:00.000Z'));
  await alerts.update('circuit-open:national-system', () =>
    raise('circuit-open:national-system', { upstream: 'national-system' }, '2026-11-25T09:28:00.000Z'),
  );
  const index = new DeskIndex(ops, alerts, new DeskChanges(), clock);
  return { ops, alerts, index };
}

describe('the desk’s queries over its precomputed picture, as each reader may see them (clock injected)', () => {
  it('gives totals, prefecture groups and items with state, prefecture and region; a site manager only their own', async () => {
    const { ops, index } = await desk();
    const overview = new GetOverviewHandler(index, ops, monitor);
    const all = await overview.handle({ groupBy: 'prefecture' }, operator);
    expect(all).toMatchObject({ at: now.toISOString(), total: 2, totals: { sites: 1, buses: 1, ok: 1, down: 1, alerting: 1 } });
    expect(all.totals.last60).toMatchObject({ outcomes: 3, p95Millis: 82 });
    expect(all.groups).toEqual([
      { key: '13', name: '東京都', state: 'ok', counts: expect.objectContaining({ buses: 1, ok: 1 }) },
      { key: '27', name: '大阪府', state: 'down', counts: expect.objectContaining({ sites: 1, down: 1, alerting: 1 }) },
    ]);
    // worst first
    expect(all.items.map((i) => [i.siteId, i.kind, i.state, i.prefecture?.name, i.region])).toEqual([
      ['fac-1', 'site', 'down', '大阪府', 'kinki'],
      ['bus-1', 'bus', 'ok', '東京都', 'kanto'],
    ]);
    expect(all).not.toHaveProperty('sites'); // the earlier fields only without query parameters
    const mine = await overview.handle({}, manager);
    expect(mine.items.map((i) => i.siteId)).toEqual(['bus-1']);
    expect(mine.totals).toMatchObject({ buses: 1, sites: 0 });
    expect(mine).toMatchObject({ sites: [{ siteId: 'bus-1', kind: 'bus' }], alerts: [] });
  });

  it('filters by kind, state and alerting, searches, groups by region, sorts and pages', async () => {
    const { ops, index } = await desk();
    const overview = new GetOverviewHandler(index, ops, monitor);
    const ids = async (q: Record<string, string>) => (await overview.handle(q, operator)).items.map((i) => i.siteId);
    expect(await ids({ kind: 'bus' })).toEqual(['bus-1']);
    expect(await ids({ state: 'down' })).toEqual(['fac-1']);
    expect(await ids({ alerting: 'false' })).toEqual(['bus-1']);
    expect(await ids({ q: 'osaka' })).toEqual(['fac-1']);
    expect(await ids({ q: '検診車' })).toEqual(['bus-1']);
    expect(await ids({ sort: 'prefecture' })).toEqual(['bus-1', 'fac-1']);
    expect(await ids({ sort: 'outcomes' })).toEqual(['fac-1', 'bus-1']);
    expect(await ids({ sort: 'name', limit: '1', offset: '1' })).toHaveLength(1);
    expect((await overview.handle({ groupBy: 'region' }, operator)).groups.map((g) => [g.key, g.name])).toEqual([
      ['kanto', '関東'],
      ['kinki', '近畿'],
    ]);
    await expect(overview.handle({ state: 'on-fire' }, operator)).rejects.toMatchObject({ code: 'invalid-request' });
  });

  it('colours the 47 prefectures for the tile map', async () => {
    const { index } = await desk();
    const { prefectures } = await new ListPrefecturesHandler(index).handle(operator);
    expect(prefectures).toHaveLength(47);
    expect(prefectures[0]).toMatchObject({ code: '01', name: '北海道', region: 'hokkaido', state: 'ok', counts: { sites: 0, buses: 0 } });
    expect(prefectures.find((p) => p.code === '27')).toMatchObject({ name: '大阪府', regionName: '近畿', state: 'down' });
    const mine = await new ListPrefecturesHandler(index).handle(manager);
    expect(mine.prefectures.find((p) => p.code === '27')).toMatchObject({ state: 'ok', counts: { sites: 0 } });
  });

  it('drills down to a site, a bus (its day in JST) and a device; refuses another manager’s site', async () => {
    const { ops, alerts, index } = await desk();
    const site = new GetSiteHandler(index, ops, alerts);
    expect(await site.handle('fac-1', operator)).toMatchObject({
      item: { siteId: 'fac-1', state: 'down', devices: { offline: 1 } },
      site: { siteId: 'fac-1', kind: 'facility' },
      alerts: [{ alertId: 'device-offline:fac-1' }],
    });
    const bus = await site.bus('bus-1', manager);
    expect(bus.today).toEqual({
      date: '2026-11-25',
      stops: [{ stopId: 'stop-1', name: '駅前', date: '2026-11-25', from: '17:00', to: '20:00' }],
      hours: { from: '17:00', to: '20:00' },
      operating: true, // 18:30 JST
      itineraryKnown: true,
    });
    await expect(site.bus('fac-1', operator)).rejects.toMatchObject({ code: 'bus-not-found' });
    await expect(site.handle('fac-1', manager)).rejects.toMatchObject({ code: 'site-not-permitted' });
    await expect(site.handle('nowhere', operator)).rejects.toMatchObject({ code: 'site-not-found' });
    const device = new GetDeviceHandler(index, ops);
    expect(await device.handle('fac-1-dev-1', operator)).toMatchObject({
      device: { deviceId: 'fac-1-dev-1', connectivity: 'offline' },
      site: { siteId: 'fac-1' },
      alerts: [{ alertId: 'device-offline:fac-1' }],
      feed: [{ deviceId: 'fac-1-dev-1' }, { deviceId: 'fac-1-dev-1' }],
    });
    await expect(device.handle('fac-1-dev-1', manager)).rejects.toMatchObject({ code: 'site-not-permitted' });
    await expect(device.handle('ghost', operator)).rejects.toMatchObject({ code: 'device-not-found' });
  });

  it('limits the feed and the alerts to the reader’s sites, and lists alerts by state', async () => {
    const { ops, alerts } = await desk();
    expect((await new ListFeedHandler(ops, clock).handle({}, manager)).entries.map((e) => e.id)).toEqual(['o:0']);
    await expect(new ListFeedHandler(ops, clock).handle({ siteId: 'fac-1' }, manager)).rejects.toMatchObject({
      code: 'site-not-permitted',
    });
    const list = new ListAlertsHandler(alerts, clock);
    expect((await list.handle({}, manager)).alerts).toEqual([]);
    expect((await list.handle({ state: 'open' }, operator)).alerts.map((a) => a.alertId)).toEqual([
      'device-offline:fac-1',
      'circuit-open:national-system',
    ]);
    expect((await list.handle({ state: 'resolved' }, operator)).alerts).toEqual([]);
    expect(await list.one('circuit-open:national-system', operator)).toMatchObject({ alert: { history: [{ action: 'raised' }] } });
    await expect(list.one('circuit-open:national-system', manager)).rejects.toMatchObject({ code: 'role-required' });
    await expect(list.one('failure-rate:none', operator)).rejects.toMatchObject({ code: 'alert-not-found' });
  });
});
