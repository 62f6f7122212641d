/**
 * The desk's view of the federation (pure): the items of GET /operations/overview kept in the browser,
 * changed by the stream's `overview-changed` deltas, and filtered, searched, grouped and sorted here,
 * so a filter never asks the server to read everything again.
 */

export type SiteState = 'ok' | 'degraded' | 'down';
export type ItemKind = 'site' | 'bus' | 'unknown';

export interface WindowSummary {
  outcomes?: number;
  failureRate?: number;
  p95Millis?: number;
  [key: string]: unknown;
}

export interface DeskItem {
  siteId: string;
  kind: ItemKind;
  name?: string;
  institutionNumber?: string;
  prefecture?: { code: string; name: string };
  region?: string;
  state: SiteState;
  operating: boolean;
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
  region: string;
  regionName: string;
  state: SiteState;
  counts: { sites: number; buses: number; ok: number; degraded: number; down: number; alerting: number };
}

export interface DeskFilter {
  kind?: 'site' | 'bus';
  state?: SiteState;
  alerting?: boolean;
  /** Searched in the name, the site id and the institution number (case-insensitive). */
  q?: string;
  /** A prefecture chosen on the tile map. */
  prefecture?: string;
}

export type SortKey = 'state' | 'name' | 'prefecture' | 'failure-rate' | 'p95';
export type GroupBy = 'prefecture' | 'region';

const SEVERITY: Record<SiteState, number> = { ok: 0, degraded: 1, down: 2 };

export function worstState(states: Iterable<SiteState>): SiteState {
  let worst: SiteState = 'ok';
  for (const s of states) if (SEVERITY[s] > SEVERITY[worst]) worst = s;
  return worst;
}

/** Applies a stream delta: changed items replace theirs (or are added), removed ones leave. */
export function applyOverviewDelta(
  items: readonly DeskItem[],
  delta: { items?: readonly DeskItem[]; removed?: readonly string[] },
): DeskItem[] {
  const byId = new Map(items.map((i) => [i.siteId, i]));
  for (const id of delta.removed ?? []) byId.delete(id);
  for (const item of delta.items ?? []) byId.set(item.siteId, item);
  return [...byId.values()];
}

export function filterItems(items: readonly DeskItem[], filter: DeskFilter): DeskItem[] {
  const q = filter.q?.trim().toLowerCase();
  return items.filter(
    (i) =>
      (!filter.kind || i.kind === filter.kind) &&
      (!filter.state || i.state === filter.state) &&
      (filter.alerting === undefined || i.alerting === filter.alerting) &&
      (!filter.prefecture || i.prefecture?.code === filter.prefecture) &&
      (!q ||
        i.siteId.toLowerCase().includes(q) ||
        (i.name ?? '').toLowerCase().includes(q) ||
        (i.institutionNumber ?? '').includes(q) ||
        (i.prefecture?.name ?? '').includes(q)),
  );
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : -1);
const label = (i: DeskItem) => i.name ?? i.siteId;

/** Worst first by default; ties by name then id, so the order never jumps between two reads. */
export function sortItems(items: readonly DeskItem[], sort: SortKey): DeskItem[] {
  const byName = (a: DeskItem, b: DeskItem) => label(a).localeCompare(label(b), 'ja') || a.siteId.localeCompare(b.siteId);
  const compare: Record<SortKey, (a: DeskItem, b: DeskItem) => number> = {
    state: (a, b) => SEVERITY[b.state] - SEVERITY[a.state] || Number(b.alerting) - Number(a.alerting) || byName(a, b),
    name: byName,
    prefecture: (a, b) => (a.prefecture?.code ?? '99').localeCompare(b.prefecture?.code ?? '99') || byName(a, b),
    'failure-rate': (a, b) => num(b.last60.failureRate) - num(a.last60.failureRate) || byName(a, b),
    p95: (a, b) => num(b.last60.p95Millis) - num(a.last60.p95Millis) || byName(a, b),
  };
  return [...items].sort(compare[sort]);
}

export interface ItemGroup {
  key: string;
  name: string;
  state: SiteState;
  counts: { total: number; ok: number; degraded: number; down: number; alerting: number };
  items: DeskItem[];
}

/**
 * Groups by prefecture (JIS code order) or region (the prefectures' region order); items without a
 * prefecture (run by an insurer itself) form the last group, keyed `none`.
 */
export function groupItems(
  items: readonly DeskItem[],
  by: GroupBy,
  prefectures: readonly Pick<PrefectureState, 'code' | 'name' | 'region' | 'regionName'>[],
  noneName: string,
): ItemGroup[] {
  const order: { key: string; name: string }[] = [];
  const seen = new Set<string>();
  for (const p of prefectures) {
    const key = by === 'prefecture' ? p.code : p.region;
    if (seen.has(key)) continue;
    seen.add(key);
    order.push({ key, name: by === 'prefecture' ? p.name : p.regionName });
  }
  const groups = new Map<string, DeskItem[]>();
  for (const item of items) {
    const key = (by === 'prefecture' ? item.prefecture?.code : item.region) ?? 'none';
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  const known = [...order, { key: 'none', name: noneName }];
  for (const key of groups.keys()) if (!known.some((k) => k.key === key)) known.push({ key, name: key });
  return known
    .filter((k) => groups.has(k.key))
    .map(({ key, name }) => {
      const list = groups.get(key)!;
      const counts = { total: list.length, ok: 0, degraded: 0, down: 0, alerting: 0 };
      for (const i of list) {
        counts[i.state]++;
        if (i.alerting) counts.alerting++;
      }
      return { key, name, state: worstState(list.map((i) => i.state)), counts, items: list };
    });
}

/** Prefecture states recomputed from the items the browser holds (after a delta). */
export function prefectureStates(items: readonly DeskItem[], prefectures: readonly PrefectureState[]): PrefectureState[] {
  const byCode = new Map<string, DeskItem[]>();
  for (const i of items) if (i.prefecture) byCode.set(i.prefecture.code, [...(byCode.get(i.prefecture.code) ?? []), i]);
  return prefectures.map((p) => {
    const list = byCode.get(p.code) ?? [];
    const counts = { sites: 0, buses: 0, ok: 0, degraded: 0, down: 0, alerting: 0 };
    for (const i of list) {
      if (i.kind === 'bus') counts.buses++;
      else counts.sites++;
      counts[i.state]++;
      if (i.alerting) counts.alerting++;
    }
    return { ...p, state: worstState(list.map((i) => i.state)), counts };
  });
}
