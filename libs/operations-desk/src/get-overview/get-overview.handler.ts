import type { StaffClaims } from '@hcv/contracts';
import { canSeeSite } from '@hcv/platform-access';
import { federationSummary, siteSummaries, sitesOf } from '../domain/operations-view';
import { windowStart } from '../domain/operations-window';
import type { EvaluateAlertsHandler } from '../evaluate-alerts/evaluate-alerts.handler';
import type { OperationsRepository } from '../persistence/operations.repository';

/** The federation overview: totals, one line per site and bus, active alerts, upstream circuits, consumer lag. */
export class GetOverviewHandler {
  constructor(
    private readonly ops: OperationsRepository,
    private readonly monitor: Pick<EvaluateAlertsHandler, 'thresholds' | 'lag'>,
    private readonly clock: () => Date,
  ) {}

  async handle(staff: StaffClaims) {
    const now = this.clock();
    const [sites, devices, inFlight, minutes, alerts, circuits] = await Promise.all([
      this.ops.sites(),
      this.ops.devices(),
      this.ops.inFlightBySite(),
      this.ops.minutes(windowStart(now, 60)),
      this.ops.alerts(),
      this.ops.circuits(),
    ]);
    const summaries = siteSummaries({ now, sites, devices, inFlight, minutes, visible: (id) => canSeeSite(staff, id) });
    const visible = new Set(summaries.map((s) => s.siteId));
    return {
      generatedAt: now.toISOString(),
      thresholds: this.monitor.thresholds,
      federation: federationSummary(now, summaries, minutes),
      sites: summaries,
      alerts: alerts
        .filter((a) => a.active && (!a.scope.siteId ? !sitesOf(staff) : visible.has(a.scope.siteId)))
        .sort((a, b) => (b.raisedAt ?? '').localeCompare(a.raisedAt ?? '')),
      circuits,
      consumerLag: this.monitor.lag,
    };
  }
}
