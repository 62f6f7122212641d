import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { Identifier, OperationsFeedQuery, type StaffClaims } from '@hcv/contracts';
import { assertSiteAccess, canSeeSite, RequireRoles, Staff } from '@hcv/platform-access';
import { NotFoundError } from '@hcv/domain';
import { parseRequest } from '@hcv/platform-http';
import { RUNTIME, type ServiceRuntime } from '@hcv/platform-runtime';
import { OPERATIONS } from '../tokens';
import { OperationsMonitor } from './operations-monitor';
import { federationSummary, siteSummaries } from './operations-view';
import { series, windowStart } from './operations-window';
import type { OperationsRepository } from './operations.repository';

/** Site managers read their own sites; operators read everything. */
const sitesOf = (staff: StaffClaims) => (staff.roles.some((r) => r !== 'site-manager') ? undefined : (staff.sites ?? []));

/**
 * The data behind the operations dashboard (GET /dashboard). Staff only: the central desk
 * (operator) sees the whole federation, a site manager only their own sites.
 */
@Controller('operations')
export class OperationsHttpController {
  constructor(
    @Inject(OPERATIONS) private readonly ops: OperationsRepository,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly monitor: OperationsMonitor,
  ) {}

  /** The federation overview: totals, one line per site and bus, active alerts, upstream circuits, consumer lag. */
  @Get('overview')
  @RequireRoles('operator', 'site-manager')
  async overview(@Staff() staff: StaffClaims) {
    const now = this.runtime.clock();
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
      alerts: alerts.filter((a) => a.active && (!a.scope.siteId ? !sitesOf(staff) : visible.has(a.scope.siteId))).sort((a, b) => (b.raisedAt ?? '').localeCompare(a.raisedAt ?? '')),
      circuits,
      consumerLag: this.monitor.lag,
    };
  }

  /** One site or bus: its summary, devices, outcomes per minute over the last hour, and its latest feed. */
  @Get('sites/:siteId')
  @RequireRoles('operator', 'site-manager')
  async site(@Param('siteId') raw: string, @Staff() staff: StaffClaims) {
    const siteId = parseRequest(Identifier, raw);
    assertSiteAccess(staff, siteId);
    const now = this.runtime.clock();
    const [sites, devices, inFlight, minutes, feed] = await Promise.all([
      this.ops.sites(),
      this.ops.devices(siteId),
      this.ops.inFlightBySite(),
      this.ops.minutes(windowStart(now, 60), siteId),
      this.ops.feed(30, [siteId]),
    ]);
    const [summary] = siteSummaries({ now, sites: sites.filter((s) => s.siteId === siteId), devices, inFlight, minutes, visible: (id) => id === siteId });
    if (!summary) throw new NotFoundError('site', siteId);
    return { generatedAt: now.toISOString(), site: summary, devices: devices.sort((a, b) => a.deviceId.localeCompare(b.deviceId)), series: series(minutes, now, 60), feed };
  }

  /** The live feed, newest first: outcomes, devices going offline/online, circuit changes, alerts. */
  @Get('feed')
  @RequireRoles('operator', 'site-manager')
  async feed(@Query() query: unknown, @Staff() staff: StaffClaims) {
    const q = parseRequest(OperationsFeedQuery, query);
    if (q.siteId) assertSiteAccess(staff, q.siteId);
    const entries = await this.ops.feed(q.limit, q.siteId ? [q.siteId] : sitesOf(staff));
    return { generatedAt: this.runtime.clock().toISOString(), entries };
  }

  /** Active alerts and the latest cleared ones (of the reader's sites). */
  @Get('alerts')
  @RequireRoles('operator', 'site-manager')
  async alerts(@Staff() staff: StaffClaims) {
    const mine = sitesOf(staff);
    const alerts = (await this.ops.alerts()).filter((a) => (a.scope.siteId ? canSeeSite(staff, a.scope.siteId) : !mine));
    const newest = (a: { changedAt: string }, b: { changedAt: string }) => b.changedAt.localeCompare(a.changedAt);
    return { active: alerts.filter((a) => a.active).sort(newest), cleared: alerts.filter((a) => !a.active).sort(newest).slice(0, 50) };
  }
}
