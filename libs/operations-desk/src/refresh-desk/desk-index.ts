import type { DeskAlert } from '../domain/alert-lifecycle';
import { deskItemOf, type DeskItem } from '../domain/desk-view';
import {
  minuteOf,
  series,
  summarise,
  windowStart,
  type MinuteBucket,
  type SeriesPoint,
  type WindowSummary,
} from '../domain/operations-window';
import type { DeskAlertRepository } from '../persistence/desk-alert.repository';
import { FleetMirror } from '../persistence/fleet-mirror';
import type { OperationsRepository } from '../persistence/operations.repository';
import type { DeskChanges } from './desk-changes';
import { DeskInputs, markBusHours } from './desk-inputs';
import { quietSnapshot, snapshotOf, type DeskSnapshot } from './desk-snapshot';

/** The older minutes of the hour are read again in this many slices, one per refresh (a late event may change one). */
const OLDER_SLICES = 19;
/** The latest minutes, read on every refresh: where outcomes are being counted now. */
const RECENT_MINUTES = 3;

/** How many sites' lines are worked out between two turns of the event loop (a request never waits for more). */
const SLICE = 25;

/**
 * How often a refresh reads every site, device and unresolved alert again (OPS_DESK_FULL_REFRESH_MS),
 * beside the first: in between it reads only those changed since the previous one (their change
 * stamps). A safety net, as the changes alone keep the picture exact: it would catch a change a stamp
 * could not tell; and where an alert last written before alerts had change stamps is read.
 */
export const DESK_FULL_REFRESH_MILLIS = 10 * 60_000;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Keeps the desk's picture up to date, never per request: every OPS_DESK_REFRESH_MS
 * (RefreshDeskScheduler) it reads what may have changed — the sites, devices and unresolved alerts
 * changed since the previous refresh (a FleetMirror: by their change stamps; every one at the first
 * refresh and every OPS_DESK_FULL_REFRESH_MS), sessions in flight, the latest minutes and one slice of
 * the hour's older ones, the alerts changed (to announce them) — so that a refresh costs what changed,
 * not the fleet; it takes them into its inputs (DeskInputs, which tell the sites whose line may have
 * changed) and works out again only those lines (every line when the minute turns, as the windows
 * move), a slice of sites at a time so that a request waits for one slice at most; a quiet refresh
 * keeps the previous picture (quietSnapshot); the federation's windows are summed from per-minute
 * federation buckets, re-summed only for the minutes that changed. Then it publishes what changed: the
 * items and prefectures whose line differs (`overview-changed`, with the new totals) and the alerts
 * changed since the previous refresh (`alert-changed`). Reading from the database, it sees changes made
 * by any audit replica.
 */
export class DeskIndex {
  private snapshot?: DeskSnapshot;
  private building?: Promise<DeskSnapshot>;
  private alertSeen = new Map<string, string>();
  private alertsSince?: string;

  /** The sites, devices and unresolved alerts as stored, read as they change. */
  private readonly fleet: FleetMirror;
  /** What the picture is made of, kept between refreshes. */
  private readonly inputs: DeskInputs;
  private items = new Map<string, DeskItem>();
  /** Each item's JSON as last published: a delta carries the items whose line differs. */
  private readonly lines = new Map<string, string>();
  private prefectureLines = new Map<string, string>();
  private windows?: { last5: WindowSummary; last60: WindowSummary; series: SeriesPoint[] };
  private minuteNow?: string;
  private olderSlice = 0;

  constructor(
    private readonly ops: OperationsRepository,
    private readonly alerts: DeskAlertRepository,
    private readonly changes: DeskChanges,
    private readonly clock: () => Date,
    /** `fullRefreshMillis`: OPS_DESK_FULL_REFRESH_MS (0: every refresh reads every site, device and unresolved alert). */
    options: { fullRefreshMillis?: number } = {},
  ) {
    this.fleet = new FleetMirror(ops, options.fullRefreshMillis ?? DESK_FULL_REFRESH_MILLIS, alerts);
    this.inputs = new DeskInputs(this.fleet);
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
    const [fleet, inFlight, minutes, changedAlerts] = await Promise.all([
      this.fleet.fetch(now.getTime()),
      this.ops.inFlightBySite(),
      this.readMinutes(now, first),
      since ? this.alerts.changedSince(since) : Promise.resolve([]),
    ]);
    // alerts changed during this read are read again next time (an alert told twice is harmless)
    this.alertsSince = new Date(now.getTime() - 1_000).toISOString();

    const minute = minuteOf(now);
    const from = windowStart(now, 60);
    const turned = minute !== this.minuteNow;
    this.minuteNow = minute;
    const { dirty, changedMinutes } = this.inputs.apply({ fleet: this.fleet.apply(fleet), inFlight, minutes }, { first, from, turned });
    markBusHours(this.items.values(), this.inputs.sites, now, dirty);

    const quiet = quietSnapshot(this.snapshot, now, { turned, dirty, inputs: this.inputs });
    if (quiet) {
      this.snapshot = quiet;
      this.publishDeltas(quiet, [], [], changedAlerts);
      return quiet;
    }
    const ids = this.inputs.siteIds();
    if (turned) for (const id of ids) dirty.add(id);
    const { items, changedItems, removed } = await this.workOutLines(now, ids, dirty);
    if (turned || changedMinutes.size || !this.windows) {
      const federation = this.inputs.federation(changedMinutes, from);
      await nextTurn();
      this.windows = { last5: summarise(federation, now, 5), last60: summarise(federation, now, 60), series: series(federation, now, 60) };
    }
    this.items = items;
    const snapshot = snapshotOf(now, items, this.inputs, this.windows!);
    this.snapshot = snapshot;
    this.publishDeltas(snapshot, first ? [] : changedItems, removed, first ? [] : changedAlerts);
    return snapshot;
  }

  /** Works out again the lines of the `dirty` sites among `ids` (a slice at a time), drops those no longer among them. */
  private async workOutLines(now: Date, ids: ReadonlySet<string>, dirty: ReadonlySet<string>) {
    const items = new Map(this.items);
    const changedItems: DeskItem[] = [];
    let done = 0;
    for (const siteId of dirty) {
      if (!ids.has(siteId)) continue;
      const item = deskItemOf({
        now,
        siteId,
        info: this.inputs.sites.get(siteId),
        devices: this.inputs.devicesBySite.get(siteId) ?? [],
        inFlight: this.inputs.inFlight.get(siteId) ?? 0,
        minutes: this.inputs.minuteLists.get(siteId) ?? [],
        alerts: this.inputs.alertsBySite.get(siteId) ?? [],
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
    return { items, changedItems, removed };
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
