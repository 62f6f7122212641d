/**
 * The desk's precomputed picture (pure): one item per site and bus with its state, prefecture and
 * region, windows and alert counts, the totals and the 47 prefectures' states — kept up to date by
 * the desk's index (refresh-desk/desk-index.ts), so a desk query filters, groups and sorts a few
 * hundred prepared items and never scans the read models. The queries themselves (filter, search,
 * group, sort) are desk-query.ts, shared with the desk app.
 */
import { isOfflineInService, isOnlineInService, type DeviceStatus } from './device-status';
import type { DeskAlert } from './alert-lifecycle';
import { busOperatingNow, type PlannedStop } from './bus-hours';
import {
  countStates,
  filterItems,
  groupItems,
  prefectureStates as statesOf,
  PREFECTURE_NAMES,
  sortItems,
  type OverviewSort,
  type SiteState,
  type StateCounts,
} from './desk-query';
import type { SiteInfo } from './operations-view';
import { summarise, type MinuteBucket, type WindowSummary } from './operations-window';
import { prefectureOfInstitution, type RegionKey } from './prefectures';

export { countStates, NO_PREFECTURE, SITE_STATES, worst, type OverviewSort, type SiteState, type StateCounts } from './desk-query';

/** One site or bus on the desk. `kind` is the desk's word: `site` (a fixed facility) or `bus`. */
export interface DeskItem {
  siteId: string;
  kind: 'site' | 'bus' | 'unknown';
  name?: string;
  institutionNumber?: string;
  /** JIS X 0401 code and name; absent when the site has no institution number (run by an insurer). */
  prefecture?: { code: string; name: string };
  region?: RegionKey;
  state: SiteState;
  /** A bus inside its operating hours now (always true for a fixed site). */
  operating: boolean;
  /** Open or acknowledged alerts of the site. */
  alerting: boolean;
  alerts: { open: number; acknowledged: number };
  devices: { online: number; offline: number; outOfService: number };
  inFlight: number;
  last5: WindowSummary;
  last60: WindowSummary;
}

export interface PrefectureState {
  code: string;
  name: string;
  nameEn: string;
  region: RegionKey;
  regionName: string;
  /** The worst state of its sites and buses (`ok` when it has none: see counts). */
  state: SiteState;
  counts: StateCounts;
}

export interface DeskTotals extends StateCounts {
  facilities: number;
  devices: { online: number; offline: number; outOfService: number };
  inFlight: number;
  alerts: { open: number; acknowledged: number };
  last5: WindowSummary;
  last60: WindowSummary;
}

/** What a refresh reads from the read models. */
export interface DeskInputs {
  now: Date;
  sites: readonly (SiteInfo & { itinerary?: PlannedStop[] })[];
  devices: readonly DeviceStatus[];
  inFlight: ReadonlyMap<string, number>;
  /** Minute buckets of the last 60 minutes. */
  minutes: readonly MinuteBucket[];
  /** Open and acknowledged alerts. */
  unresolvedAlerts: readonly DeskAlert[];
}

/**
 * A site's state. Down: it has devices in service and none is online (a bus only inside its hours).
 * Degraded: some device in service is offline (inside hours), or it has an open or acknowledged alert.
 */
export function siteState(input: { operating: boolean; online: number; offline: number; alerting: boolean }): SiteState {
  if (input.operating && input.online + input.offline > 0 && input.online === 0) return 'down';
  if ((input.operating && input.offline > 0) || input.alerting) return 'degraded';
  return 'ok';
}

export function totalsOf(now: Date, items: readonly DeskItem[], minutes: readonly MinuteBucket[]): DeskTotals {
  return totalsWith(items, summarise(minutes, now, 5), summarise(minutes, now, 60));
}

/** The totals of some items, with the windows of all their minutes summed beforehand. */
export function totalsWith(items: Iterable<DeskItem>, last5: WindowSummary, last60: WindowSummary): DeskTotals {
  const d = { online: 0, offline: 0, outOfService: 0 };
  const alerts = { open: 0, acknowledged: 0 };
  let inFlight = 0;
  let facilities = 0;
  const list = [...items];
  for (const i of list) {
    d.online += i.devices.online;
    d.offline += i.devices.offline;
    d.outOfService += i.devices.outOfService;
    alerts.open += i.alerts.open;
    alerts.acknowledged += i.alerts.acknowledged;
    inFlight += i.inFlight;
    if (i.kind === 'site') facilities++;
  }
  return { ...countStates(list), facilities, devices: d, inFlight, alerts, last5, last60 };
}

/** What one site's item is made of. */
export interface SiteInputs {
  now: Date;
  siteId: string;
  info?: SiteInfo & { itinerary?: PlannedStop[] };
  devices: readonly DeviceStatus[];
  inFlight: number;
  /** The site's minute buckets of the last 60 minutes. */
  minutes: readonly MinuteBucket[];
  /** The site's open and acknowledged alerts. */
  alerts: readonly DeskAlert[];
}

/** One site's or bus's line on the desk. */
export function deskItemOf(input: SiteInputs): DeskItem {
  const { info, devices, alerts, now } = input;
  const kind = info?.kind === 'bus' ? 'bus' : info?.kind === 'facility' ? 'site' : 'unknown';
  let online = 0;
  let offline = 0;
  for (const d of devices) {
    if (isOnlineInService(d)) online++;
    else if (isOfflineInService(d)) offline++;
  }
  let open = 0;
  let acknowledged = 0;
  for (const a of alerts) {
    if (a.state === 'open') open++;
    else if (a.state === 'acknowledged') acknowledged++;
  }
  const operating = kind !== 'bus' || busOperatingNow(info?.itinerary, now);
  const prefecture = prefectureOfInstitution(info?.institutionNumber);
  return {
    siteId: input.siteId,
    kind,
    ...(info?.name ? { name: info.name } : {}),
    ...(info?.institutionNumber ? { institutionNumber: info.institutionNumber } : {}),
    ...(prefecture ? { prefecture: { code: prefecture.code, name: prefecture.name }, region: prefecture.region } : {}),
    state: siteState({ operating, online, offline, alerting: open + acknowledged > 0 }),
    operating,
    alerting: open + acknowledged > 0,
    alerts: { open, acknowledged },
    devices: { online, offline, outOfService: devices.length - online - offline },
    inFlight: input.inFlight,
    last5: summarise(input.minutes, now, 5),
    last60: summarise(input.minutes, now, 60),
  };
}

export const groupBy = <T>(rows: Iterable<T>, key: (row: T) => string | undefined) => {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    if (k === undefined) continue;
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
};

/** The ids of every site the desk shows: known sites, and any id a device, a session or a minute names. */
export function deskSiteIds(input: Pick<DeskInputs, 'sites' | 'devices' | 'inFlight' | 'minutes'>): string[] {
  const ids = new Set<string>();
  for (const s of input.sites) ids.add(s.siteId);
  for (const d of input.devices) ids.add(d.siteId);
  for (const id of input.inFlight.keys()) ids.add(id);
  for (const m of input.minutes) ids.add(m.siteId);
  ids.delete('unknown');
  return [...ids].sort();
}

/** The desk items of every known site (sorted by id), with the minutes and devices grouped per site for drill-downs. */
export function buildDeskItems(input: DeskInputs): {
  items: DeskItem[];
  minutesBySite: Map<string, MinuteBucket[]>;
  devicesBySite: Map<string, DeviceStatus[]>;
  alertsBySite: Map<string, DeskAlert[]>;
} {
  const minutesBySite = groupBy(input.minutes, (m) => m.siteId);
  const devicesBySite = groupBy(input.devices, (d) => d.siteId);
  const alertsBySite = groupBy(input.unresolvedAlerts, (a) => a.scope.siteId);
  const known = new Map(input.sites.map((s) => [s.siteId, s]));
  const items = deskSiteIds(input).map((siteId) =>
    deskItemOf({
      now: input.now,
      siteId,
      info: known.get(siteId),
      devices: devicesBySite.get(siteId) ?? [],
      inFlight: input.inFlight.get(siteId) ?? 0,
      minutes: minutesBySite.get(siteId) ?? [],
      alerts: alertsBySite.get(siteId) ?? [],
    }),
  );
  return { items, minutesBySite, devicesBySite, alertsBySite };
}

/** The 47 prefectures (JIS order) with the worst state of their sites, for the tile map. */
export function prefectureStates(items: readonly DeskItem[]): PrefectureState[] {
  return statesOf(items, PREFECTURE_NAMES) as PrefectureState[];
}

export interface OverviewQuery {
  groupBy: 'prefecture' | 'region';
  kind?: 'site' | 'bus';
  state?: SiteState;
  alerting?: boolean;
  q?: string;
  sort: OverviewSort;
  limit: number;
  offset: number;
}

export interface OverviewGroup {
  key: string;
  name: string;
  state: SiteState;
  counts: StateCounts;
}

/** Filters, searches, groups (over the filtered items), sorts and pages the prepared items (desk-query.ts). */
export function queryOverview(items: readonly DeskItem[], query: OverviewQuery) {
  const filtered = filterItems(items, query);
  const groups: OverviewGroup[] = groupItems(filtered, query.groupBy).map(({ key, name, state, counts: { total: _t, ...counts } }) => ({
    key,
    name,
    state,
    counts,
  }));
  const sorted = sortItems(filtered, query.sort);
  return { total: filtered.length, groups, items: sorted.slice(query.offset, query.offset + query.limit) };
}
