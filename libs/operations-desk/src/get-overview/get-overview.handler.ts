import { OperationsOverviewQuery, type StaffClaims } from '@hcv/contracts';
import { canSeeSite } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { queryOverview, totalsOf } from '../domain/desk-view';
import { sitesOf } from '../domain/operations-view';
import type { EvaluateAlertsHandler } from '../evaluate-alerts/evaluate-alerts.handler';
import type { OperationsRepository } from '../persistence/operations.repository';
import { federationSummary } from '../domain/operations-view';
import type { DeskIndex } from '../refresh-desk/desk-index';
import type { DeskSnapshot } from '../refresh-desk/desk-snapshot';

/**
 * The federation overview from the desk's precomputed picture: totals, groups (prefecture or region)
 * and the filtered, sorted, paged items. A site manager sees their own sites only.
 */
export class GetOverviewHandler {
  constructor(
    private readonly index: Pick<DeskIndex, 'current'>,
    private readonly ops: Pick<OperationsRepository, 'circuits'>,
    private readonly monitor: Pick<EvaluateAlertsHandler, 'thresholds' | 'lag'>,
  ) {}

  async handle(rawQuery: Record<string, unknown>, staff: StaffClaims) {
    const query = parseRequest(OperationsOverviewQuery, rawQuery ?? {});
    const snapshot = await this.index.current();
    const mine = sitesOf(staff);
    const items = mine ? snapshot.items.filter((i) => canSeeSite(staff, i.siteId)) : snapshot.items;
    const totals = mine
      ? totalsOf(
          new Date(snapshot.at),
          items,
          items.flatMap((i) => snapshot.minutesBySite.get(i.siteId) ?? []),
        )
      : snapshot.totals;
    const answer = { at: snapshot.at, totals, ...queryOverview(items, query) };
    // the page at /dashboard calls without parameters and reads the earlier fields
    if (Object.keys(rawQuery ?? {}).length) return answer;
    return { ...answer, ...(await this.legacy(snapshot, staff)) };
  }

  private async legacy(snapshot: DeskSnapshot, staff: StaffClaims) {
    const mine = sitesOf(staff);
    const sites = mine ? snapshot.legacy.sites.filter((s) => canSeeSite(staff, s.siteId)) : snapshot.legacy.sites;
    const federation = mine
      ? federationSummary(
          new Date(snapshot.at),
          sites,
          sites.flatMap((s) => snapshot.minutesBySite.get(s.siteId) ?? []),
        )
      : snapshot.legacy.federation;
    return {
      generatedAt: snapshot.at,
      thresholds: this.monitor.thresholds,
      federation,
      sites,
      alerts: snapshot.unresolvedAlerts
        .filter((a) => (a.scope.siteId ? canSeeSite(staff, a.scope.siteId) : !mine))
        .sort((a, b) => b.raisedAt.localeCompare(a.raisedAt)),
      circuits: await this.ops.circuits(),
      consumerLag: this.monitor.lag,
    };
  }
}
