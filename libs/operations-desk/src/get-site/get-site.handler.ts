import { Identifier, type StaffClaims } from '@hcv/contracts';
import { NotFoundError } from '@hcv/domain';
import { assertSiteAccess } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { jstClock, operatingHours, stopsOn } from '../domain/bus-hours';
import { series } from '../domain/operations-window';
import type { DeskAlertRepository } from '../persistence/desk-alert.repository';
import type { OperationsRepository } from '../persistence/operations.repository';
import type { DeskIndex } from '../refresh-desk/desk-index';
import { legacySummary } from '../refresh-desk/desk-snapshot';

/**
 * One site or bus: its line on the desk, devices, outcomes per minute over the last hour, its latest
 * feed and alerts — from the precomputed picture plus two indexed reads (feed and alerts of one site).
 */
export class GetSiteHandler {
  constructor(
    private readonly index: Pick<DeskIndex, 'current'>,
    private readonly ops: Pick<OperationsRepository, 'feed'>,
    private readonly alerts: Pick<DeskAlertRepository, 'list'>,
  ) {}

  async handle(raw: string, staff: StaffClaims) {
    const siteId = parseRequest(Identifier, raw);
    assertSiteAccess(staff, siteId);
    const snapshot = await this.index.current();
    const item = snapshot.byId.get(siteId);
    if (!item) throw new NotFoundError('site', siteId);
    const [feed, alerts] = await Promise.all([this.ops.feed(30, [siteId]), this.alerts.list({ siteIds: [siteId], limit: 20 })]);
    const devices = [...(snapshot.devicesBySite.get(siteId) ?? [])].sort((a, b) => a.deviceId.localeCompare(b.deviceId));
    return {
      at: snapshot.at,
      generatedAt: snapshot.at,
      item,
      site: legacySummary(item),
      devices,
      series: series(snapshot.minutesBySite.get(siteId) ?? [], new Date(snapshot.at), 60),
      feed,
      alerts,
    };
  }

  /** A bus: the site's answer and its day in JST (stops, hours, whether it operates now). */
  async bus(raw: string, staff: StaffClaims) {
    const busId = parseRequest(Identifier, raw);
    assertSiteAccess(staff, busId);
    const snapshot = await this.index.current();
    if (snapshot.byId.get(busId)?.kind !== 'bus') throw new NotFoundError('bus', busId);
    const answer = await this.handle(busId, staff);
    const itinerary = snapshot.sites.get(busId)?.itinerary;
    const { date } = jstClock(new Date(snapshot.at));
    return {
      ...answer,
      today: {
        date,
        stops: stopsOn(itinerary ?? [], date),
        hours: operatingHours(itinerary ?? [], date),
        operating: answer.item.operating,
        itineraryKnown: itinerary !== undefined,
      },
    };
  }
}
