/**
 * What the dashboard shows (pure): per site and bus — devices online/offline, sessions in flight,
 * the last 5 and 60 minutes, national-system failures, average and p95 time to outcome — and the
 * federation totals over the sites the reader may see.
 */
import type { StaffClaims } from '@hcv/contracts';
import type { PlannedStop } from './bus-hours';
import { isOfflineInService, isOnlineInService, type DeviceStatus } from './device-status';
import { series, summarise, type MinuteBucket, type SeriesPoint, type WindowSummary } from './operations-window';

/** A facility or a checkup bus (巡回健診), as site.registered described it. */
export interface SiteInfo {
  siteId: string;
  kind: 'facility' | 'bus' | 'unknown';
  name?: string;
  institutionNumber?: string;
  /** A bus's planned stops (site.itinerary-planned); absent when the desk never heard of a plan. */
  itinerary?: PlannedStop[];
}

export interface SiteSummary extends SiteInfo {
  devicesOnline: number;
  devicesOffline: number;
  /** Devices registered but not active, suspended or retired. */
  devicesOutOfService: number;
  inFlight: number;
  last5: WindowSummary;
  last60: WindowSummary;
}

export interface FederationSummary {
  sites: number;
  facilities: number;
  buses: number;
  devicesOnline: number;
  devicesOffline: number;
  inFlight: number;
  last5: WindowSummary;
  last60: WindowSummary;
  series: SeriesPoint[];
}

export function siteSummaries(input: {
  now: Date;
  sites: readonly SiteInfo[];
  devices: readonly DeviceStatus[];
  inFlight: ReadonlyMap<string, number>;
  minutes: readonly MinuteBucket[];
  visible: (siteId: string) => boolean;
}): SiteSummary[] {
  const known = new Map(input.sites.map((s) => [s.siteId, s]));
  // A site heard of only through its devices or sessions (its registration predates this read model) still shows.
  const ids = new Set([
    ...known.keys(),
    ...input.devices.map((d) => d.siteId),
    ...input.inFlight.keys(),
    ...input.minutes.map((m) => m.siteId),
  ]);
  return [...ids]
    .filter((id) => id !== 'unknown' && input.visible(id))
    .sort()
    .map((siteId) => {
      const devices = input.devices.filter((d) => d.siteId === siteId);
      const minutes = input.minutes.filter((m) => m.siteId === siteId);
      const online = devices.filter(isOnlineInService).length;
      const offline = devices.filter(isOfflineInService).length;
      return {
        ...(known.get(siteId) ?? { siteId, kind: 'unknown' as const }),
        devicesOnline: online,
        devicesOffline: offline,
        devicesOutOfService: devices.length - online - offline,
        inFlight: input.inFlight.get(siteId) ?? 0,
        last5: summarise(minutes, input.now, 5),
        last60: summarise(minutes, input.now, 60),
      };
    });
}

export function federationSummary(now: Date, sites: readonly SiteSummary[], minutes: readonly MinuteBucket[]): FederationSummary {
  const visible = new Set(sites.map((s) => s.siteId));
  const mine = minutes.filter((m) => visible.has(m.siteId));
  return {
    sites: sites.length,
    facilities: sites.filter((s) => s.kind === 'facility').length,
    buses: sites.filter((s) => s.kind === 'bus').length,
    devicesOnline: sites.reduce((n, s) => n + s.devicesOnline, 0),
    devicesOffline: sites.reduce((n, s) => n + s.devicesOffline, 0),
    inFlight: sites.reduce((n, s) => n + s.inFlight, 0),
    last5: summarise(mine, now, 5),
    last60: summarise(mine, now, 60),
    series: series(mine, now, 60),
  };
}

/** The sites a reader is limited to: a site manager's own, or none (undefined) for the central desk. */
export const sitesOf = (staff: StaffClaims): readonly string[] | undefined =>
  staff.roles.some((r) => r !== 'site-manager') ? undefined : (staff.sites ?? []);
