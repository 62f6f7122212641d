import type { StaffClaims } from '@hcv/contracts';
import { DEFAULT_THRESHOLDS } from '../domain/alert-rules';
import { GetSiteHandler } from '../get-site/get-site.handler';
import { ListAlertsHandler } from '../list-alerts/list-alerts.handler';
import { ListFeedHandler } from '../list-feed/list-feed.handler';
import { InMemoryOperationsRepository } from '../persistence/operations.memory';
import { GetOverviewHandler } from './get-overview.handler';

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

/** Two sites with an outcome each, a federation-wide circuit alert and a site alert on each. */
async function desk() {
  const ops = new InMemoryOperationsRepository();
  for (const siteId of ['bus-1', 'fac-1']) {
    await ops.upsertSite({ siteId, kind: siteId.startsWith('bus') ? 'bus' : 'facility' });
    await ops.addToMinute(siteId, '2026-11-25T09:30', `o:${siteId}`, { kind: 'outcome', outcome: 'matched', elapsedMillis: 800 });
    await ops.addFeed({ id: `o:${siteId}`, at: '2026-11-25T09:30:00.000Z', kind: 'outcome', siteId, text: 'matched in 800 ms' });
    await ops.putAlert({
      alertId: `failure-rate:${siteId}`,
      kind: 'failure-rate',
      severity: 'warning',
      scope: { siteId },
      message: 'x',
      active: true,
      raisedAt: '2026-11-25T09:29:00.000Z',
      changedAt: '2026-11-25T09:29:00.000Z',
    });
  }
  await ops.putAlert({
    alertId: 'circuit-open:national-system',
    kind: 'circuit-open',
    severity: 'critical',
    scope: { upstream: 'national-system' },
    message: 'x',
    active: true,
    raisedAt: '2026-11-25T09:28:00.000Z',
    changedAt: '2026-11-25T09:28:00.000Z',
  });
  return ops;
}

describe('the dashboard’s data, as each reader may see it (clock injected)', () => {
  it('gives the central desk the whole federation, a site manager their own sites and alerts', async () => {
    const overview = new GetOverviewHandler(await desk(), monitor, clock);
    const all = await overview.handle(operator);
    expect(all).toMatchObject({
      generatedAt: now.toISOString(),
      thresholds: DEFAULT_THRESHOLDS,
      federation: { buses: 1, facilities: 1, last60: { outcomes: 2 } },
    });
    expect(all.sites.map((s) => s.siteId).sort()).toEqual(['bus-1', 'fac-1']);
    expect(all.alerts.map((a) => a.alertId)).toEqual(['failure-rate:bus-1', 'failure-rate:fac-1', 'circuit-open:national-system']);
    const mine = await overview.handle(manager);
    expect(mine.sites.map((s) => s.siteId)).toEqual(['bus-1']);
    expect(mine.alerts.map((a) => a.alertId)).toEqual(['failure-rate:bus-1']);
  });

  it('tells one site to a reader who may see it, and refuses another manager’s site', async () => {
    const site = new GetSiteHandler(await desk(), clock);
    expect(await site.handle('bus-1', manager)).toMatchObject({
      site: { siteId: 'bus-1', kind: 'bus', last5: { outcomes: 1 } },
      feed: [{ id: 'o:bus-1' }],
    });
    await expect(site.handle('fac-1', manager)).rejects.toMatchObject({ code: 'site-not-permitted' });
    await expect(site.handle('nowhere', operator)).rejects.toMatchObject({ code: 'site-not-found' });
  });

  it('limits the feed and the alerts to the reader’s sites', async () => {
    const ops = await desk();
    expect((await new ListFeedHandler(ops, clock).handle({}, manager)).entries.map((e) => e.id)).toEqual(['o:bus-1']);
    expect((await new ListFeedHandler(ops, clock).handle({ limit: '10' }, operator)).entries).toHaveLength(2);
    await expect(new ListFeedHandler(ops, clock).handle({ siteId: 'fac-1' }, manager)).rejects.toMatchObject({
      code: 'site-not-permitted',
    });
    expect((await new ListAlertsHandler(ops).handle(manager)).active.map((a) => a.alertId)).toEqual(['failure-rate:bus-1']);
    expect((await new ListAlertsHandler(ops).handle(operator)).active).toHaveLength(3);
  });
});
