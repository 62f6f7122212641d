import type { DeskAlert } from '../domain/alert-lifecycle';
import type { DeviceStatus } from '../domain/device-status';
import { busOperatingNow } from '../domain/bus-hours';
import {
  deskItemOf,
  groupBy,
  prefectureStates,
  totalsWith,
  type DeskItem,
  type DeskTotals,
  type PrefectureState,
} from '../domain/desk-view';
import { type FederationSummary, type SiteInfo, type SiteSummary } from '../domain/operations-view';
import {
  mergeBuckets,
  minuteOf,
  series,
  summarise,
  windowStart,
  type MinuteBucket,
  type SeriesPoint,
  type WindowSummary,
} from '../domain/operations-window';
import type { DeskAlertRepository } from '../persistence/desk-alert.repository';
import type { ChangeStamp, OperationsRepository } from '../persistence/operations.repository';
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

/** The older minutes of the hour are read again in this many slices, one per refresh (a late event may change one). */
const OLDER_SLICES = 19;
/** The latest minutes, read on every refresh: where outcomes are being counted now. */
const RECENT_MINUTES = 3;

/** How many unresolved alerts a refresh reads at most (one per site and kind: a few thousand at worst). */
const MAX_UNRESOLVED = 10_000;

/** How many sites' lines are worked out between two turns of the event loop (a request never waits for more). */
const SLICE = 25;

/**
 * How often a refresh reads every site and device again (OPS_DESK_FULL_REFRESH_MS), beside the first:
 * in between it reads only those changed since the previous one (their change stamps). A safety net,
 * as the changes alone keep the picture exact: it would catch a change a stamp could not tell.
 */
export const DESK_FULL_REFRESH_MILLIS = 10 * 60_000;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Whether a bucket read again differs from the one kept (a bucket only ever grows: its counters tell). */
const sameBucket = (a: MinuteBucket | undefined, b: MinuteBucket) =>
  !!a &&
  a.count === b.count &&
  (a.latencies?.length ?? 0) === (b.latencies?.length ?? 0) &&
  a.nationalFailures === b.nationalFailures &&
  (a.settled ?? 0) === (b.settled ?? 0) &&
  a.totalMillis === b.totalMillis;
const alertsMark = (alerts: readonly DeskAlert[]) =>
  alerts.map((a) => `${a.alertId}|${a.state}|${a.changedAt}|${a.history.length}`).join(',');

/**
 * Keeps the desk's picture up to date, never per request: every OPS_DESK_REFRESH_MS
 * (RefreshDeskScheduler) it reads what may have changed — the sites and devices changed since the
 * previous refresh (by their change stamps; every one at the first refresh and every
 * OPS_DESK_FULL_REFRESH_MS), sessions in flight, the latest minutes and one slice of the hour's older
 * ones, the unresolved alerts — so that a refresh costs what changed, not the fleet; it works out again
 * only the lines of the sites whose inputs changed (every line when the minute turns, as the windows
 * move), a slice of sites at a time so that a request waits for one slice at most; the federation's
 * windows are summed from per-minute federation buckets, re-summed only for the minutes that changed.
 * Then it publishes what changed: the items and prefectures whose line differs (`overview-changed`,
 * with the new totals) and the alerts changed since the previous refresh (`alert-changed`). Reading
 * from the database, it sees changes made by any audit replica.
 */
export class DeskIndex {
  private snapshot?: DeskSnapshot;
  private building?: Promise<DeskSnapshot>;
  private alertSeen = new Map<string, string>();
  private alertsSince?: string;

  // what the picture is made of, kept between refreshes
  private readonly siteInfo = new Map<string, SiteInfo>();
  private readonly siteMarks = new Map<string, string>();
  private readonly deviceMap = new Map<string, DeviceStatus>();
  private readonly deviceMarks = new Map<string, string>();
  private devicesBySite = new Map<string, DeviceStatus[]>();
  private inFlight = new Map<string, number>();
  /** site → minute → bucket, the last hour. */
  private readonly minutesOf = new Map<string, Map<string, MinuteBucket>>();
  private minuteLists = new Map<string, MinuteBucket[]>();
  /** minute → the federation's bucket (the sum of its sites'). */
  private readonly federationMinutes = new Map<string, MinuteBucket>();
  private alertsBySite = new Map<string, DeskAlert[]>();
  private readonly alertMarks = new Map<string, string>();
  private items = new Map<string, DeskItem>();
  /** Each item's JSON as last published: a delta carries the items whose line differs. */
  private readonly lines = new Map<string, string>();
  private prefectureLines = new Map<string, string>();
  private windows?: { last5: WindowSummary; last60: WindowSummary; series: SeriesPoint[] };
  private minuteNow?: string;
  private olderSlice = 0;
  /** Where the reads of changed sites and devices stand, and when every one was last read. */
  private siteStamp?: ChangeStamp;
  private deviceStamp?: ChangeStamp;
  private lastFullRead = Number.NEGATIVE_INFINITY;
  /** The snapshot's copies of the maps changed in place, made again only when they change. */
  private sitesView = new Map<string, SiteInfo>();
  private devicesView = new Map<string, DeviceStatus>();
  private readonly fullRefreshMillis: number;

  constructor(
    private readonly ops: OperationsRepository,
    private readonly alerts: DeskAlertRepository,
    private readonly changes: DeskChanges,
    private readonly clock: () => Date,
    /** `fullRefreshMillis`: OPS_DESK_FULL_REFRESH_MS (0: every refresh reads every site and device). */
    options: { fullRefreshMillis?: number } = {},
  ) {
    this.fullRefreshMillis = options.fullRefreshMillis ?? DESK_FULL_REFRESH_MILLIS;
  }

  /** The latest picture (built now if there is none yet). */
  async current(): Promise<DeskSnapshot> {
    return this.snapshot ?? this.refresh();
  }

  /** Brings the picture up to date and publishes the deltas; concurrent callers share one refresh. */
  refresh(): Promise<DeskSnapshot> {
    this.building ??= this.build().finally(() => (this.building = undefined));
    return this.building;
  }

  private async build(): Promise<DeskSnapshot> {
    const now = this.clock();
    const since = this.alertsSince;
    const first = !this.snapshot;
    // every site and device, or those changed since the previous read (see OperationsRepository.devicesChangedSince)
    const full = first || now.getTime() - this.lastFullRead >= this.fullRefreshMillis;
    const [sites, devices, inFlight, minutes, unresolved, changedAlerts] = await Promise.all([
      this.ops.sitesChangedSince(full ? undefined : this.siteStamp),
      this.ops.devicesChangedSince(full ? undefined : this.deviceStamp),
      this.ops.inFlightBySite(),
      this.readMinutes(now, first),
      this.alerts.list({ states: ['open', 'acknowledged'], limit: MAX_UNRESOLVED }),
      since ? this.alerts.changedSince(since) : Promise.resolve([]),
    ]);
    // alerts changed during this read are read again next time (an alert told twice is harmless)
    this.alertsSince = new Date(now.getTime() - 1_000).toISOString();
    this.siteStamp = sites.stamp;
    this.deviceStamp = devices.stamp;
    if (full) this.lastFullRead = now.getTime();

    const dirty = new Set<string>();
    const minute = minuteOf(now);
    const from = windowStart(now, 60);
    const turned = minute !== this.minuteNow;
    this.minuteNow = minute;

    let sitesChanged = false;
    for (const site of sites.changed) {
      const mark = JSON.stringify(site);
      if (this.siteMarks.get(site.siteId) === mark) continue;
      this.siteMarks.set(site.siteId, mark);
      this.siteInfo.set(site.siteId, site);
      dirty.add(site.siteId);
      sitesChanged = true;
    }
    if (sitesChanged || first) this.sitesView = new Map(this.siteInfo);
    if (this.applyDevices(devices.changed, full, dirty) || first) this.devicesView = new Map(this.deviceMap);
    for (const id of new Set([...this.inFlight.keys(), ...inFlight.keys()]))
      if ((this.inFlight.get(id) ?? 0) !== (inFlight.get(id) ?? 0)) dirty.add(id);
    this.inFlight = inFlight;
    const changedMinutes = this.applyMinutes(minutes, from, turned, dirty);
    this.applyAlerts(unresolved, dirty);

    // a bus's line changes when its operating hours begin or end
    for (const item of this.items.values())
      if (item.kind === 'bus' && busOperatingNow(this.siteInfo.get(item.siteId)?.itinerary, now) !== item.operating) dirty.add(item.siteId);
    // Nothing read changed a line, and the windows stay (a minute changed marks its site): the picture
    // is the previous one as of now. The sites shown change only with what marks one, or as the minute
    // turns. A quiet desk refreshes at the cost of the changes read and of the buses' hours checked.
    if (this.snapshot && !turned && dirty.size === 0) {
      const snapshot: DeskSnapshot = {
        ...this.snapshot,
        at: now.toISOString(),
        alertsBySite: this.alertsBySite,
        unresolvedAlerts: unresolved,
      };
      this.snapshot = snapshot;
      this.publishDeltas(snapshot, [], [], changedAlerts);
      return snapshot;
    }
    const ids = new Set<string>([...this.siteInfo.keys(), ...this.devicesBySite.keys(), ...this.inFlight.keys(), ...this.minutesOf.keys()]);
    ids.delete('unknown');
    if (turned) for (const id of ids) dirty.add(id);

    const items = new Map(this.items);
    const changedItems: DeskItem[] = [];
    let done = 0;
    for (const siteId of dirty) {
      if (!ids.has(siteId)) continue;
      const item = deskItemOf({
        now,
        siteId,
        info: this.siteInfo.get(siteId),
        devices: this.devicesBySite.get(siteId) ?? [],
        inFlight: this.inFlight.get(siteId) ?? 0,
        minutes: this.minuteLists.get(siteId) ?? [],
        alerts: this.alertsBySite.get(siteId) ?? [],
      });
      items.set(siteId, item);
      const line = JSON.stringify(item);
      if (this.lines.get(siteId) !== line) {
        this.lines.set(siteId, line);
        changedItems.push(item);
      }
      if (++done % SLICE === 0) await nextTurn();
    }
    const removed = [...items.keys()].filter((id) => !ids.has(id));
    for (const id of removed) {
      items.delete(id);
      this.lines.delete(id);
    }
    if (turned || changedMinutes.size || !this.windows) {
      for (const m of changedMinutes) {
        const ofMinute: MinuteBucket[] = [];
        for (const byMinute of this.minutesOf.values()) {
          const b = byMinute.get(m);
          if (b) ofMinute.push(b);
        }
        this.federationMinutes.set(m, mergeBuckets('federation', m, ofMinute));
      }
      for (const m of this.federationMinutes.keys()) if (m < from) this.federationMinutes.delete(m);
      await nextTurn();
      const federation = [...this.federationMinutes.values()];
      this.windows = { last5: summarise(federation, now, 5), last60: summarise(federation, now, 60), series: series(federation, now, 60) };
    }
    this.items = items;

    const list = [...items.values()].sort((a, b) => (a.siteId < b.siteId ? -1 : 1));
    const totals = totalsWith(list, this.windows!.last5, this.windows!.last60);
    const prefectures = prefectureStates(list);
    const snapshot: DeskSnapshot = {
      at: now.toISOString(),
      items: list,
      byId: items,
      // maps the refresh replaces when they change (never changes in place): shared with the snapshot
      sites: this.sitesView,
      totals,
      prefectures,
      minutesBySite: this.minuteLists,
      devicesBySite: this.devicesBySite,
      devices: this.devicesView,
      alertsBySite: this.alertsBySite,
      unresolvedAlerts: unresolved,
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
          series: this.windows!.series,
        },
      },
    };
    this.snapshot = snapshot;
    this.publishDeltas(snapshot, first ? [] : changedItems, removed, first ? [] : changedAlerts);
    return snapshot;
  }

  /**
   * The minutes to read: the whole hour the first time; then the latest minutes and one slice of the
   * older ones in turn (a late event may still change an older minute: seen within OLDER_SLICES refreshes).
   */
  private readMinutes(now: Date, first: boolean): Promise<MinuteBucket[]> {
    if (first) return this.ops.minutes(windowStart(now, 60));
    const recent = this.ops.minutes(windowStart(now, RECENT_MINUTES));
    const olderCount = 60 - RECENT_MINUTES;
    const size = Math.ceil(olderCount / OLDER_SLICES);
    const slice = this.olderSlice++ % OLDER_SLICES;
    const start = windowStart(now, 60 - slice * size);
    const end = windowStart(now, Math.max(RECENT_MINUTES + 1, 60 - (slice + 1) * size + 1));
    return Promise.all([recent, this.ops.minutes(start, undefined, end)]).then(([a, b]) => [...a, ...b]);
  }

  /**
   * Takes the devices read (every one when `full`: one not among them is gone); marks the sites whose
   * devices changed, and tells whether any did.
   */
  private applyDevices(deviceList: readonly DeviceStatus[], full: boolean, dirty: Set<string>): boolean {
    const touched = new Set<string>();
    const seen = new Set<string>();
    for (const d of deviceList) {
      seen.add(d.deviceId);
      const mark = JSON.stringify(d);
      if (this.deviceMarks.get(d.deviceId) === mark) continue;
      const before = this.deviceMap.get(d.deviceId);
      if (before) touched.add(before.siteId);
      touched.add(d.siteId);
      this.deviceMarks.set(d.deviceId, mark);
      this.deviceMap.set(d.deviceId, d);
    }
    if (full)
      for (const [id, d] of this.deviceMap) {
        if (seen.has(id)) continue;
        touched.add(d.siteId);
        this.deviceMap.delete(id);
        this.deviceMarks.delete(id);
      }
    if (!touched.size) return false;
    const bySite = new Map(this.devicesBySite);
    for (const siteId of touched) bySite.delete(siteId);
    for (const d of this.deviceMap.values()) {
      if (!touched.has(d.siteId)) continue;
      const list = bySite.get(d.siteId);
      if (list) list.push(d);
      else bySite.set(d.siteId, [d]);
    }
    this.devicesBySite = bySite;
    for (const siteId of touched) dirty.add(siteId);
    return true;
  }

  /** Takes the buckets read; returns the minutes whose federation sum must be worked out again. */
  private applyMinutes(read: readonly MinuteBucket[], from: string, turned: boolean, dirty: Set<string>): Set<string> {
    const changedMinutes = new Set<string>();
    const changedSites = new Set<string>();
    for (const b of read) {
      if (b.minute < from) continue;
      let byMinute = this.minutesOf.get(b.siteId);
      if (!byMinute) this.minutesOf.set(b.siteId, (byMinute = new Map()));
      if (sameBucket(byMinute.get(b.minute), b)) continue;
      byMinute.set(b.minute, b);
      changedSites.add(b.siteId);
      changedMinutes.add(b.minute);
    }
    if (turned)
      for (const [siteId, byMinute] of this.minutesOf) {
        for (const m of byMinute.keys()) {
          if (m >= from) continue;
          byMinute.delete(m);
          changedSites.add(siteId);
        }
        if (!byMinute.size) this.minutesOf.delete(siteId);
      }
    if (changedSites.size) {
      const lists = new Map(this.minuteLists);
      for (const siteId of changedSites) {
        const byMinute = this.minutesOf.get(siteId);
        if (byMinute) lists.set(siteId, [...byMinute.values()]);
        else lists.delete(siteId);
        dirty.add(siteId);
      }
      this.minuteLists = lists;
    }
    return changedMinutes;
  }

  private applyAlerts(unresolved: readonly DeskAlert[], dirty: Set<string>): void {
    const bySite = groupBy(unresolved, (a) => a.scope.siteId);
    for (const siteId of new Set([...this.alertMarks.keys(), ...bySite.keys()])) {
      const mark = alertsMark(bySite.get(siteId) ?? []);
      if (this.alertMarks.get(siteId) === mark) continue;
      if (mark) this.alertMarks.set(siteId, mark);
      else this.alertMarks.delete(siteId);
      dirty.add(siteId);
    }
    this.alertsBySite = bySite;
  }

  private publishDeltas(snapshot: DeskSnapshot, changedItems: DeskItem[], removed: string[], changedAlerts: DeskAlert[]): void {
    const changedPrefectures = snapshot.prefectures.filter((p) => this.prefectureLines.get(p.code) !== JSON.stringify(p));
    const hadPrefectures = this.prefectureLines.size > 0;
    this.prefectureLines = new Map(snapshot.prefectures.map((p) => [p.code, JSON.stringify(p)]));
    if (hadPrefectures && (changedItems.length || removed.length || changedPrefectures.length))
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
