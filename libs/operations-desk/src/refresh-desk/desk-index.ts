import type { DeskAlert } from '../domain/alert-lifecycle';
import type { DeviceStatus } from '../domain/device-status';
import { buildDeskItems, prefectureStates, totalsOf, type DeskItem, type DeskTotals, type PrefectureState } from '../domain/desk-view';
import { type FederationSummary, type SiteInfo, type SiteSummary } from '../domain/operations-view';
import { series, windowStart, type MinuteBucket } from '../domain/operations-window';
import type { DeskAlertRepository } from '../persistence/desk-alert.repository';
import type { OperationsRepository } from '../persistence/operations.repository';
import type { DeskChanges } from './desk-changes';

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

/** How often the refresh reads the whole last hour of minute buckets again (otherwise the last three minutes). */
const FULL_READ_EVERY_MILLIS = 60_000;

/** How many unresolved alerts a refresh reads at most (one per site and kind: a few thousand at worst). */
const MAX_UNRESOLVED = 10_000;

/**
 * Keeps the desk's picture: rebuilt from the read models every OPS_DESK_REFRESH_MS (RefreshDeskScheduler)
 * and on demand, never per request. After each rebuild it publishes what changed: the items and
 * prefectures whose line differs (`overview-changed`, with the new totals) and the alerts changed
 * since the previous rebuild (`alert-changed`). Reading from the database, it sees changes made by
 * any audit replica.
 */
export class DeskIndex {
  private snapshot?: DeskSnapshot;
  private building?: Promise<DeskSnapshot>;
  private lines = new Map<string, string>();
  private prefectureLines = new Map<string, string>();
  private alertSeen = new Map<string, string>();
  private alertsSince?: string;
  /** The last hour's minute buckets by `<site>|<minute>`; only the latest minutes are read again on most refreshes. */
  private minuteCache = new Map<string, MinuteBucket>();
  private lastFullRead = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly ops: OperationsRepository,
    private readonly alerts: DeskAlertRepository,
    private readonly changes: DeskChanges,
    private readonly clock: () => Date,
  ) {}

  /** The latest picture (built now if there is none yet). */
  async current(): Promise<DeskSnapshot> {
    return this.snapshot ?? this.refresh();
  }

  /** Rebuilds the picture and publishes the deltas; concurrent callers share one rebuild. */
  refresh(): Promise<DeskSnapshot> {
    this.building ??= this.build().finally(() => (this.building = undefined));
    return this.building;
  }

  private async build(): Promise<DeskSnapshot> {
    const now = this.clock();
    const since = this.alertsSince;
    const [sites, deviceList, inFlight, minutes, unresolved, changedAlerts] = await Promise.all([
      this.ops.sites(),
      this.ops.devices(),
      this.ops.inFlightBySite(),
      this.lastHour(now),
      this.alerts.list({ states: ['open', 'acknowledged'], limit: MAX_UNRESOLVED }),
      since ? this.alerts.changedSince(since) : Promise.resolve([]),
    ]);
    // alerts changed during this read are read again next time (an alert told twice is harmless)
    this.alertsSince = new Date(now.getTime() - 1_000).toISOString();
    const built = buildDeskItems({ now, sites, devices: deviceList, inFlight, minutes, unresolvedAlerts: unresolved });
    const legacySites = built.items.map(legacySummary);
    const totals = totalsOf(now, built.items, minutes);
    const snapshot: DeskSnapshot = {
      at: now.toISOString(),
      items: built.items,
      byId: new Map(built.items.map((i) => [i.siteId, i])),
      sites: new Map(sites.map((s) => [s.siteId, s])),
      totals,
      prefectures: prefectureStates(built.items),
      minutesBySite: built.minutesBySite,
      devicesBySite: built.devicesBySite,
      devices: new Map(deviceList.map((d) => [d.deviceId, d])),
      alertsBySite: built.alertsBySite,
      unresolvedAlerts: unresolved,
      legacy: {
        sites: legacySites,
        federation: {
          sites: totals.sites + totals.buses,
          facilities: totals.facilities,
          buses: totals.buses,
          devicesOnline: totals.devices.online,
          devicesOffline: totals.devices.offline,
          inFlight: totals.inFlight,
          last5: totals.last5,
          last60: totals.last60,
          series: series(minutes, now, 60),
        },
      },
    };
    const first = !this.snapshot;
    this.snapshot = snapshot;
    this.publishDeltas(snapshot, first ? [] : changedAlerts);
    return snapshot;
  }

  /**
   * The last hour's buckets: read whole once a minute (a late event may change an older minute), and
   * in between only the last three minutes, where outcomes are being counted now.
   */
  private async lastHour(now: Date): Promise<MinuteBucket[]> {
    const full = now.getTime() - this.lastFullRead >= FULL_READ_EVERY_MILLIS;
    const read = await this.ops.minutes(windowStart(now, full ? 60 : 3));
    if (full) {
      this.minuteCache = new Map();
      this.lastFullRead = now.getTime();
    }
    for (const b of read) this.minuteCache.set(`${b.siteId}|${b.minute}`, b);
    const from = windowStart(now, 60);
    for (const [key, b] of this.minuteCache) if (b.minute < from) this.minuteCache.delete(key);
    return [...this.minuteCache.values()];
  }

  private publishDeltas(snapshot: DeskSnapshot, changedAlerts: DeskAlert[]): void {
    const changedItems: DeskItem[] = [];
    const lines = new Map<string, string>();
    for (const item of snapshot.items) {
      const line = JSON.stringify(item);
      lines.set(item.siteId, line);
      if (this.lines.get(item.siteId) !== line) changedItems.push(item);
    }
    const removed = [...this.lines.keys()].filter((id) => !lines.has(id));
    const changedPrefectures = snapshot.prefectures.filter((p) => this.prefectureLines.get(p.code) !== JSON.stringify(p));
    const hadLines = this.lines.size > 0;
    this.lines = lines;
    this.prefectureLines = new Map(snapshot.prefectures.map((p) => [p.code, JSON.stringify(p)]));
    if (hadLines && (changedItems.length || removed.length || changedPrefectures.length))
      this.changes.publish({
        event: 'overview-changed',
        data: { at: snapshot.at, totals: snapshot.totals, items: changedItems, removed, prefectures: changedPrefectures },
        siteIds: [...changedItems.map((i) => i.siteId), ...removed],
      });
    for (const alert of changedAlerts) this.announceAlert(alert);
  }

  /** Publishes an alert once per change (a staff step announces its own at once; the next refresh then stays quiet). */
  announceAlert(alert: DeskAlert): void {
    const mark = `${alert.changedAt}|${alert.history.length}`;
    if (this.alertSeen.get(alert.alertId) === mark) return;
    this.alertSeen.set(alert.alertId, mark);
    if (this.alertSeen.size > 20_000) this.alertSeen.delete(this.alertSeen.keys().next().value!);
    this.changes.publish({
      event: 'alert-changed',
      data: { at: this.clock().toISOString(), alert },
      ...(alert.scope.siteId ? { siteIds: [alert.scope.siteId] } : {}),
    });
  }
}
