import { Identifier, type StaffClaims } from '@hcv/contracts';
import { NotFoundError } from '@hcv/domain';
import { assertSiteAccess } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { siteSummaries } from '../domain/operations-view';
import { series, windowStart } from '../domain/operations-window';
import type { OperationsRepository } from '../persistence/operations.repository';

/** One site or bus: its summary, devices, outcomes per minute over the last hour, and its latest feed. */
export class GetSiteHandler {
  constructor(
    private readonly ops: OperationsRepository,
    private readonly clock: () => Date,
  ) {}

  async handle(raw: string, staff: StaffClaims) {
    const siteId = parseRequest(Identifier, raw);
    assertSiteAccess(staff, siteId);
    const now = this.clock();
    const [sites, devices, inFlight, minutes, feed] = await Promise.all([
      this.ops.sites(),
      this.ops.devices(siteId),
      this.ops.inFlightBySite(),
      this.ops.minutes(windowStart(now, 60), siteId),
      this.ops.feed(30, [siteId]),
    ]);
    const [summary] = siteSummaries({
      now,
      sites: sites.filter((s) => s.siteId === siteId),
      devices,
      inFlight,
      minutes,
      visible: (id) => id === siteId,
    });
    if (!summary) throw new NotFoundError('site', siteId);
    return {
      generatedAt: now.toISOString(),
      site: summary,
      devices: devices.sort((a, b) => a.deviceId.localeCompare(b.deviceId)),
      series: series(minutes, now, 60),
      feed,
    };
  }
}
