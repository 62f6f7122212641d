/**
 * The desk's view of the federation (pure): the items of GET /operations/overview kept in the browser,
 * changed by the stream's `overview-changed` deltas, and filtered, searched, grouped and sorted here
 * (with the server's own module, `@hcv/operations-desk/desk-query`), so a filter never asks the server
 * to read everything again.
 */

import type { SiteState } from '@hcv/operations-desk/desk-query';

export type { SiteState };
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

// Filter, search, sort, group and the prefectures' states: the same module as the server's overview.
export {
  filterItems,
  groupItems,
  prefectureStates,
  sortItems,
  worst as worstState,
  type DeskFilter,
  type GroupBy,
  type ItemGroup,
  type OverviewSort as SortKey,
} from '@hcv/operations-desk/desk-query';

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
