/**
 * The desk's queries over its items (pure, no Node import): filter, search, sort, group and the
 * prefectures' states. One module for the server (GET /operations/overview and /prefectures answer
 * with it) and the desk app in the browser (which filters the items it holds, changed by the stream's
 * deltas, without asking again) — imported there as `@hcv/operations-desk/desk-query`, so the list
 * the page shows and the list the server answers are ordered and grouped the same way.
 */
import { PREFECTURES, REGIONS } from './prefectures';

export type SiteState = 'ok' | 'degraded' | 'down';
export const SITE_STATES: readonly SiteState[] = ['ok', 'degraded', 'down'];
const SEVERITY: Record<SiteState, number> = { ok: 0, degraded: 1, down: 2 };

/** The worst of some states (`ok` for none). */
export const worst = (states: Iterable<SiteState>): SiteState => {
  let w: SiteState = 'ok';
  for (const s of states) if (SEVERITY[s] > SEVERITY[w]) w = s;
  return w;
};

/** What the queries read of a desk item (the server's `DeskItem` and the page's copy of it both fit). */
export interface DeskLine {
  siteId: string;
  kind: 'site' | 'bus' | 'unknown';
  name?: string;
  institutionNumber?: string;
  prefecture?: { code: string; name: string };
  region?: string;
  state: SiteState;
  alerting: boolean;
  last5: WindowFigures;
  last60: WindowFigures;
}

/** The window figures the sorts read. */
export interface WindowFigures {
  outcomes?: number;
  failureRate?: number | null;
  p95Millis?: number | null;
}

export interface StateCounts {
  sites: number;
  buses: number;
  ok: number;
  degraded: number;
  down: number;
  alerting: number;
}

export function countStates(items: Iterable<Pick<DeskLine, 'kind' | 'state' | 'alerting'>>): StateCounts {
  const c: StateCounts = { sites: 0, buses: 0, ok: 0, degraded: 0, down: 0, alerting: 0 };
  for (const i of items) {
    if (i.kind === 'bus') c.buses++;
    else c.sites++;
    c[i.state]++;
    if (i.alerting) c.alerting++;
  }
  return c;
}

export interface DeskFilter {
  kind?: 'site' | 'bus';
  state?: SiteState;
  alerting?: boolean;
  /** Searched in the id, the name, the institution number and the prefecture (Japanese and English), case-insensitive. */
  q?: string;
  /** One prefecture (JIS code), e.g. chosen on the tile map. */
  prefecture?: string;
}

const NAME_EN = new Map(PREFECTURES.map((p) => [p.code, p.nameEn]));
const searchText = (i: DeskLine) =>
  [i.siteId, i.name, i.institutionNumber, i.prefecture?.name, i.prefecture && NAME_EN.get(i.prefecture.code)]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();

export function filterItems<T extends DeskLine>(items: readonly T[], filter: DeskFilter): T[] {
  const q = filter.q?.trim().toLowerCase();
  return items.filter(
    (i) =>
      (!filter.kind || i.kind === filter.kind) &&
      (!filter.state || i.state === filter.state) &&
      (filter.alerting === undefined || i.alerting === filter.alerting) &&
      (!filter.prefecture || i.prefecture?.code === filter.prefecture) &&
      (!q || searchText(i).includes(q)),
  );
}

export type OverviewSort = 'state' | 'name' | 'prefecture' | 'failure-rate' | 'p95' | 'outcomes';

// One collator for every comparison: `localeCompare(…, 'ja')` builds one per call.
const JA = new Intl.Collator('ja');
const label = (i: DeskLine) => i.name ?? i.siteId;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/**
 * Every name seen, ranked in Japanese order once: a sort then compares numbers (collating 700 names
 * on every request cost more than the rest of the query). Ranked again when a new name appears.
 */
const ranks = new Map<string, number>();
function rankNames(items: readonly DeskLine[]): void {
  if (items.every((i) => ranks.has(label(i)))) return;
  const names = new Set(ranks.size > 100_000 ? [] : ranks.keys());
  for (const i of items) names.add(label(i));
  ranks.clear();
  [...names].sort(JA.compare).forEach((name, rank) => ranks.set(name, rank));
}
const byName = (a: DeskLine, b: DeskLine) => ranks.get(label(a))! - ranks.get(label(b))! || cmp(a.siteId, b.siteId);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : -1);
const highestFirst = (f: (i: DeskLine) => unknown) => (a: DeskLine, b: DeskLine) => num(f(b)) - num(f(a)) || byName(a, b);
const SORTS: Record<OverviewSort, (a: DeskLine, b: DeskLine) => number> = {
  state: (a, b) => SEVERITY[b.state] - SEVERITY[a.state] || Number(b.alerting) - Number(a.alerting) || byName(a, b),
  name: byName,
  prefecture: (a, b) => cmp(a.prefecture?.code ?? '99', b.prefecture?.code ?? '99') || byName(a, b),
  'failure-rate': highestFirst((i) => i.last60.failureRate),
  p95: highestFirst((i) => i.last60.p95Millis),
  outcomes: highestFirst((i) => i.last60.outcomes),
};

/**
 * Worst first by default (then alerting); `failure-rate`, `p95` and `outcomes` highest first over the
 * last hour; ties by name, then id, so the order never jumps between two reads.
 */
export function sortItems<T extends DeskLine>(items: readonly T[], sort: OverviewSort): T[] {
  rankNames(items);
  return [...items].sort(SORTS[sort]);
}

/** A prefecture as the groups and the tile map name and order it. */
export interface PrefectureName {
  code: string;
  name: string;
  region: string;
  regionName: string;
}

const REGION_NAME = new Map<string, string>(REGIONS.map((r) => [r.key, r.name]));
/** The 47 prefectures in JIS order with their region's name. */
export const PREFECTURE_NAMES: readonly (PrefectureName & { nameEn: string })[] = PREFECTURES.map((p) => ({
  code: p.code,
  name: p.name,
  nameEn: p.nameEn,
  region: p.region,
  regionName: REGION_NAME.get(p.region)!,
}));

/** Sites without a prefecture (an insurer's own sites) are grouped under this key. */
export const NO_PREFECTURE = { key: '00', name: '都道府県不明' };

export type GroupBy = 'prefecture' | 'region';

export interface ItemGroup<T> {
  key: string;
  name: string;
  state: SiteState;
  counts: StateCounts & { total: number };
  items: T[];
}

/**
 * Groups by prefecture (JIS order) or region (the regions' order, 八地方区分), each with the worst
 * state and the counts of its items; items without a prefecture form the last group (`00`).
 * `prefectures` gives the order and the names (the 47 by default); `noneName` names the last group.
 */
export function groupItems<T extends DeskLine>(
  items: readonly T[],
  by: GroupBy,
  prefectures: readonly PrefectureName[] = PREFECTURE_NAMES,
  noneName: string = NO_PREFECTURE.name,
): ItemGroup<T>[] {
  const order: { key: string; name: string }[] = [];
  const seen = new Set<string>();
  for (const p of prefectures) {
    const key = by === 'prefecture' ? p.code : p.region;
    if (seen.has(key)) continue;
    seen.add(key);
    order.push({ key, name: by === 'prefecture' ? p.name : p.regionName });
  }
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = (by === 'prefecture' ? item.prefecture?.code : item.region) ?? NO_PREFECTURE.key;
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  order.push({ key: NO_PREFECTURE.key, name: noneName });
  for (const key of groups.keys()) if (!seen.has(key) && key !== NO_PREFECTURE.key) order.push({ key, name: key });
  return order
    .filter((g) => groups.has(g.key))
    .map(({ key, name }) => {
      const list = groups.get(key)!;
      const counts = countStates(list);
      return { key, name, state: worst(list.map((i) => i.state)), counts: { ...counts, total: list.length }, items: list };
    });
}

/**
 * The prefectures (the 47 in JIS order by default) with the worst state of their items and their
 * counts, for the tile map (a prefecture without items is `ok`: see its counts).
 */
export function prefectureStates<P extends { code: string }>(
  items: readonly DeskLine[],
  prefectures: readonly P[],
): (P & { state: SiteState; counts: StateCounts })[] {
  const byCode = new Map<string, DeskLine[]>();
  for (const i of items) {
    if (!i.prefecture) continue;
    const list = byCode.get(i.prefecture.code);
    if (list) list.push(i);
    else byCode.set(i.prefecture.code, [i]);
  }
  return prefectures.map((p) => {
    const list = byCode.get(p.code) ?? [];
    return { ...p, state: worst(list.map((i) => i.state)), counts: countStates(list) };
  });
}
