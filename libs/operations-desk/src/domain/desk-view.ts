/**
 * The desk's precomputed picture (pure): one item per site and bus with its state, prefecture and
 * region, windows and alert counts, and the 47 prefectures' states — built from the read models on
 * each refresh, so a desk query filters, groups and sorts a few hundred prepared items and never
 * scans the read models. Also the queries over it (filter, search, group, sort, page).
 */
import { isOfflineInService, isOnlineInService, type DeviceStatus } from './device-status';
import type { DeskAlert } from './alert-lifecycle';
import { busOperatingNow, type PlannedStop } from './bus-hours';
import type { SiteInfo } from './operations-view';
import { summarise, type MinuteBucket, type WindowSummary } from './operations-window';
import { PREFECTURES, prefectureOfInstitution, REGIONS, regionByKey, type RegionKey } from './prefectures';

export type SiteState = 'ok' | 'degraded' | 'down';
export const SITE_STATES: readonly SiteState[] = ['ok', 'degraded', 'down'];
const SEVERITY: Record<SiteState, number> = { ok: 0, degraded: 1, down: 2 };
export const worst = (states: Iterable<SiteState>): SiteState => {
  let w: SiteState = 'ok';
  for (const s of states) if (SEVERITY[s] > SEVERITY[w]) w = s;
  return w;
};

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

export interface StateCounts {
  sites: number;
  buses: number;
  ok: number;
  degraded: number;
  down: number;
  alerting: number;
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

const group = <T>(rows: readonly T[], key: (row: T) => string | undefined) => {
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

export function countStates(items: readonly DeskItem[]): StateCounts {
  const c: StateCounts = { sites: 0, buses: 0, ok: 0, degraded: 0, down: 0, alerting: 0 };
  for (const i of items) {
    if (i.kind === 'bus') c.buses++;
    else c.sites++;
    c[i.state]++;
    if (i.alerting) c.alerting++;
  }
  return c;
}

export function totalsOf(now: Date, items: readonly DeskItem[], minutes: readonly MinuteBucket[]): DeskTotals {
  const d = { online: 0, offline: 0, outOfService: 0 };
  const alerts = { open: 0, acknowledged: 0 };
  let inFlight = 0;
  let facilities = 0;
  for (const i of items) {
    d.online += i.devices.online;
    d.offline += i.devices.offline;
    d.outOfService += i.devices.outOfService;
    alerts.open += i.alerts.open;
    alerts.acknowledged += i.alerts.acknowledged;
    inFlight += i.inFlight;
    if (i.kind === 'site') facilities++;
  }
  return {
    ...countStates(items),
    facilities,
    devices: d,
    inFlight,
    alerts,
    last5: summarise(minutes, now, 5),
    last60: summarise(minutes, now, 60),
  };
}

/** The desk items of every known site (sorted by id), with the minutes and devices grouped per site for drill-downs. */
export function buildDeskItems(input: DeskInputs): {
  items: DeskItem[];
  minutesBySite: Map<string, MinuteBucket[]>;
  devicesBySite: Map<string, DeviceStatus[]>;
  alertsBySite: Map<string, DeskAlert[]>;
} {
  const minutesBySite = group(input.minutes, (m) => m.siteId);
  const devicesBySite = group(input.devices, (d) => d.siteId);
  const alertsBySite = group(input.unresolvedAlerts, (a) => a.scope.siteId);
  const known = new Map(input.sites.map((s) => [s.siteId, s]));
  const ids = new Set([...known.keys(), ...devicesBySite.keys(), ...input.inFlight.keys(), ...minutesBySite.keys()]);
  ids.delete('unknown');
  const items = [...ids].sort().map((siteId): DeskItem => {
    const info = known.get(siteId);
    const kind = info?.kind === 'bus' ? 'bus' : info?.kind === 'facility' ? 'site' : 'unknown';
    const devices = devicesBySite.get(siteId) ?? [];
    const online = devices.filter(isOnlineInService).length;
    const offline = devices.filter(isOfflineInService).length;
    const alerts = alertsBySite.get(siteId) ?? [];
    const open = alerts.filter((a) => a.state === 'open').length;
    const acknowledged = alerts.filter((a) => a.state === 'acknowledged').length;
    const operating = kind !== 'bus' || busOperatingNow(info?.itinerary, input.now);
    const prefecture = prefectureOfInstitution(info?.institutionNumber);
    const minutes = minutesBySite.get(siteId) ?? [];
    return {
      siteId,
      kind,
      ...(info?.name ? { name: info.name } : {}),
      ...(info?.institutionNumber ? { institutionNumber: info.institutionNumber } : {}),
      ...(prefecture ? { prefecture: { code: prefecture.code, name: prefecture.name }, region: prefecture.region } : {}),
      state: siteState({ operating, online, offline, alerting: open + acknowledged > 0 }),
      operating,
      alerting: open + acknowledged > 0,
      alerts: { open, acknowledged },
      devices: { online, offline, outOfService: devices.length - online - offline },
      inFlight: input.inFlight.get(siteId) ?? 0,
      last5: summarise(minutes, input.now, 5),
      last60: summarise(minutes, input.now, 60),
    };
  });
  return { items, minutesBySite, devicesBySite, alertsBySite };
}

/** The 47 prefectures (JIS order) with the worst state of their sites, for the tile map. */
export function prefectureStates(items: readonly DeskItem[]): PrefectureState[] {
  const byPrefecture = group(items, (i) => i.prefecture?.code);
  return PREFECTURES.map((p) => {
    const mine = byPrefecture.get(p.code) ?? [];
    return {
      code: p.code,
      name: p.name,
      nameEn: p.nameEn,
      region: p.region,
      regionName: regionByKey(p.region).name,
      state: worst(mine.map((i) => i.state)),
      counts: countStates(mine),
    };
  });
}

export type OverviewSort = 'state' | 'name' | 'prefecture' | 'failure-rate' | 'p95' | 'outcomes';

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

/** Sites without a prefecture (an insurer's own sites) are grouped under this key. */
export const NO_PREFECTURE = { key: '00', name: '都道府県不明' };

const text = (i: DeskItem) =>
  [i.siteId, i.name, i.institutionNumber, i.prefecture?.name, i.prefecture && PREFECTURES[Number(i.prefecture.code) - 1]?.nameEn]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();

const byName = (a: DeskItem, b: DeskItem) =>
  (a.name ?? a.siteId).localeCompare(b.name ?? b.siteId, 'ja') || a.siteId.localeCompare(b.siteId);
const desc = (f: (i: DeskItem) => number | null) => (a: DeskItem, b: DeskItem) =>
  (f(b) ?? -1) - (f(a) ?? -1) || a.siteId.localeCompare(b.siteId);
const SORTS: Record<OverviewSort, (a: DeskItem, b: DeskItem) => number> = {
  state: (a, b) => SEVERITY[b.state] - SEVERITY[a.state] || Number(b.alerting) - Number(a.alerting) || a.siteId.localeCompare(b.siteId),
  name: byName,
  prefecture: (a, b) => (a.prefecture?.code ?? '99').localeCompare(b.prefecture?.code ?? '99') || a.siteId.localeCompare(b.siteId),
  'failure-rate': desc((i) => i.last5.failureRate),
  p95: desc((i) => i.last60.p95Millis),
  outcomes: desc((i) => i.last60.outcomes),
};

/** Filters, searches, groups (over the filtered items), sorts and pages the prepared items. */
export function queryOverview(items: readonly DeskItem[], query: OverviewQuery) {
  const q = query.q?.trim().toLowerCase();
  const filtered = items.filter(
    (i) =>
      (!query.kind || i.kind === query.kind) &&
      (!query.state || i.state === query.state) &&
      (query.alerting === undefined || i.alerting === query.alerting) &&
      (!q || text(i).includes(q)),
  );
  const keyOf = (i: DeskItem) => (query.groupBy === 'region' ? (i.region ?? NO_PREFECTURE.key) : (i.prefecture?.code ?? NO_PREFECTURE.key));
  const grouped = group(filtered, keyOf);
  const order =
    query.groupBy === 'region'
      ? REGIONS.map((r) => ({ key: r.key as string, name: r.name }))
      : PREFECTURES.map((p) => ({ key: p.code, name: p.name }));
  const groups: OverviewGroup[] = [...order, NO_PREFECTURE]
    .filter((g) => grouped.has(g.key))
    .map((g) => {
      const mine = grouped.get(g.key)!;
      return { key: g.key, name: g.name, state: worst(mine.map((i) => i.state)), counts: countStates(mine) };
    });
  const sorted = [...filtered].sort(SORTS[query.sort]);
  return { total: filtered.length, groups, items: sorted.slice(query.offset, query.offset + query.limit) };
}
