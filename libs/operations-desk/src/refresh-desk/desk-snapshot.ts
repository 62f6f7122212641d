import type { DeskAlert } from '../domain/alert-lifecycle';
import type { DeviceStatus } from '../domain/device-status';
import { prefectureStates, totalsWith, type DeskItem, type DeskTotals, type PrefectureState } from '../domain/desk-view';
import type { FederationSummary, SiteInfo, SiteSummary } from '../domain/operations-view';
import type { MinuteBucket, SeriesPoint, WindowSummary } from '../domain/operations-window';
import type { DeskInputs } from './desk-inputs';

/** The desk's precomputed picture at one instant; every desk query reads it instead of the read models. */
export interface DeskSnapshot {
  at: string;
  items: DeskItem[];
  byId: Map<string, DeskItem>;
  sites: Map<string, SiteInfo>;
  totals: DeskTotals;
  prefectures: PrefectureState[];
  minutesBySite: Map<string, MinuteBucket[]>;
  devicesBySite: Map<string, DeviceStatus[]>;
  devices: Map<string, DeviceStatus>;
  alertsBySite: Map<string, DeskAlert[]>;
  unresolvedAlerts: DeskAlert[];
  /** What the page at /dashboard reads (per-site summaries and the federation's, as before). */
  legacy: { sites: SiteSummary[]; federation: FederationSummary };
}

/** The line of a site as the page at /dashboard reads it. */
export const legacySummary = (i: DeskItem): SiteSummary => ({
  siteId: i.siteId,
  kind: i.kind === 'site' ? 'facility' : i.kind,
  ...(i.name ? { name: i.name } : {}),
  ...(i.institutionNumber ? { institutionNumber: i.institutionNumber } : {}),
  devicesOnline: i.devices.online,
  devicesOffline: i.devices.offline,
  devicesOutOfService: i.devices.outOfService,
  inFlight: i.inFlight,
  last5: i.last5,
  last60: i.last60,
});

/**
 * The picture of a quiet refresh, or undefined when it is not one: nothing read changed a line
 * (`dirty` is empty) and the windows stay (the minute did not turn; a minute changed marks its site),
 * so the picture is the previous one as of now — with the unresolved alerts as they are (a
 * federation-wide alert marks no site). The sites shown change only with what marks one, or as the
 * minute turns. A quiet desk refreshes at the cost of the changes read and of the buses' hours checked.
 */
export function quietSnapshot(
  previous: DeskSnapshot | undefined,
  now: Date,
  { turned, dirty, inputs }: { turned: boolean; dirty: ReadonlySet<string>; inputs: Pick<DeskInputs, 'alertsBySite' | 'unresolvedAlerts'> },
): DeskSnapshot | undefined {
  if (!previous || turned || dirty.size) return undefined;
  return { ...previous, at: now.toISOString(), alertsBySite: inputs.alertsBySite, unresolvedAlerts: inputs.unresolvedAlerts };
}

/** The picture of the lines `items` over `inputs`, with the federation's `windows`. */
export function snapshotOf(
  now: Date,
  items: Map<string, DeskItem>,
  inputs: DeskInputs,
  windows: { last5: WindowSummary; last60: WindowSummary; series: SeriesPoint[] },
): DeskSnapshot {
  const list = [...items.values()].sort((a, b) => (a.siteId < b.siteId ? -1 : 1));
  const totals = totalsWith(list, windows.last5, windows.last60);
  return {
    at: now.toISOString(),
    items: list,
    byId: items,
    // maps a refresh replaces when they change (never changes in place): shared with the snapshot
    sites: inputs.sitesView,
    totals,
    prefectures: prefectureStates(list),
    minutesBySite: inputs.minuteLists,
    devicesBySite: inputs.devicesBySite,
    devices: inputs.devicesView,
    alertsBySite: inputs.alertsBySite,
    unresolvedAlerts: inputs.unresolvedAlerts,
    legacy: {
      sites: list.map(legacySummary),
      federation: {
        sites: totals.sites + totals.buses,
        facilities: totals.facilities,
        buses: totals.buses,
        devicesOnline: totals.devices.online,
        devicesOffline: totals.devices.offline,
        inFlight: totals.inFlight,
        last5: totals.last5,
        last60: totals.last60,
        series: windows.series,
      },
    },
  };
}
