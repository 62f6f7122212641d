import type { DeskAlert } from '../domain/alert-lifecycle';
import { busOperatingNow } from '../domain/bus-hours';
import { groupBy, type DeskItem } from '../domain/desk-view';
import type { DeviceStatus } from '../domain/device-status';
import type { SiteInfo } from '../domain/operations-view';
import { mergeBuckets, type MinuteBucket } from '../domain/operations-window';
import { ChangeMirror } from '../persistence/change-mirror';
import type { FleetChanges } from '../persistence/fleet-mirror';

/** How many unresolved alerts the desk shows at most, newest change first (one per site and kind: a few thousand at worst). */
export const MAX_UNRESOLVED = 10_000;

/** What one refresh read: the fleet's changes (FleetMirror), the sessions in flight, the minutes read again. */
export interface DeskReads {
  fleet: FleetChanges;
  inFlight: Map<string, number>;
  minutes: readonly MinuteBucket[];
}

/** What a refresh's reads changed: the sites whose line may differ, the minutes whose federation sum must be worked out again. */
export interface InputChanges {
  dirty: Set<string>;
  changedMinutes: Set<string>;
}

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
/** The order of the unresolved alerts: newest change first, then by id (as ops_alerts sorts them). */
const newestChangeFirst = (a: DeskAlert, b: DeskAlert) =>
  a.changedAt === b.changedAt ? (a.alertId < b.alertId ? -1 : a.alertId > b.alertId ? 1 : 0) : a.changedAt < b.changedAt ? 1 : -1;

/**
 * What the desk's picture is made of, kept between refreshes and changed by what each refresh read:
 * the sites, devices and unresolved alerts (from the FleetMirror), the sessions in flight, the last
 * hour's minute buckets per site and the federation's. Every map a snapshot shares is replaced when it
 * changes, never changed in place. `apply` tells which sites' lines may have changed.
 */
export class DeskInputs {
  /** The snapshot's copies of the mirror's maps (changed in place), made again only when they change. */
  sitesView = new Map<string, SiteInfo>();
  devicesView = new Map<string, DeviceStatus>();
  devicesBySite = new Map<string, DeviceStatus[]>();
  inFlight = new Map<string, number>();
  minuteLists = new Map<string, MinuteBucket[]>();
  alertsBySite = new Map<string, DeskAlert[]>();
  unresolvedAlerts: DeskAlert[] = [];
  /** site → minute → bucket, the last hour. */
  private readonly minutesOf = new Map<string, Map<string, MinuteBucket>>();
  /** minute → the federation's bucket (the sum of its sites'). */
  private readonly federationMinutes = new Map<string, MinuteBucket>();
  private readonly alertMarks = new Map<string, string>();

  constructor(
    private readonly fleet: {
      sites: ReadonlyMap<string, SiteInfo>;
      devices: ReadonlyMap<string, DeviceStatus>;
      alerts: ReadonlyMap<string, DeskAlert>;
    },
  ) {}

  /** The sites as stored (changed in place by the mirror). */
  get sites(): ReadonlyMap<string, SiteInfo> {
    return this.fleet.sites;
  }

  /** Takes one refresh's reads (`first`: the first refresh; `from`: the hour's first minute; `turned`: the minute turned). */
  apply(reads: DeskReads, { first, from, turned }: { first: boolean; from: string; turned: boolean }): InputChanges {
    const dirty = new Set<string>();
    const { sites, devices, alerts } = reads.fleet;
    for (const { after } of sites.changed) dirty.add(after.siteId);
    for (const site of sites.removed) dirty.add(site.siteId);
    if (ChangeMirror.changed(sites) || first) this.sitesView = new Map(this.fleet.sites);
    if (this.applyDevices(devices, dirty) || first) this.devicesView = new Map(this.fleet.devices);
    for (const id of new Set([...this.inFlight.keys(), ...reads.inFlight.keys()]))
      if ((this.inFlight.get(id) ?? 0) !== (reads.inFlight.get(id) ?? 0)) dirty.add(id);
    this.inFlight = reads.inFlight;
    const changedMinutes = this.applyMinutes(reads.minutes, from, turned, dirty);
    if (ChangeMirror.changed(alerts) || first) this.applyAlerts(dirty);
    return { dirty, changedMinutes };
  }

  /** Every site the picture has a line for. */
  siteIds(): Set<string> {
    const ids = new Set<string>([
      ...this.fleet.sites.keys(),
      ...this.devicesBySite.keys(),
      ...this.inFlight.keys(),
      ...this.minutesOf.keys(),
    ]);
    ids.delete('unknown');
    return ids;
  }

  /** The federation's buckets of the hour from `from`, the sums of `changedMinutes` worked out again. */
  federation(changedMinutes: ReadonlySet<string>, from: string): MinuteBucket[] {
    for (const m of changedMinutes) {
      const ofMinute: MinuteBucket[] = [];
      for (const byMinute of this.minutesOf.values()) {
        const b = byMinute.get(m);
        if (b) ofMinute.push(b);
      }
      this.federationMinutes.set(m, mergeBuckets('federation', m, ofMinute));
    }
    for (const m of this.federationMinutes.keys()) if (m < from) this.federationMinutes.delete(m);
    return [...this.federationMinutes.values()];
  }

  /** Marks the sites whose devices changed (a device that moved: both sites), and tells whether any did. */
  private applyDevices(devices: FleetChanges['devices'], dirty: Set<string>): boolean {
    const touched = new Set<string>();
    for (const { before, after } of devices.changed) {
      if (before) touched.add(before.siteId);
      touched.add(after.siteId);
    }
    for (const d of devices.removed) touched.add(d.siteId);
    if (!touched.size) return false;
    const bySite = new Map(this.devicesBySite);
    for (const siteId of touched) bySite.delete(siteId);
    for (const d of this.fleet.devices.values()) {
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

  /** The unresolved alerts shown (the newest MAX_UNRESOLVED) and per site, after a change; marks the sites whose alerts differ. */
  private applyAlerts(dirty: Set<string>): void {
    this.unresolvedAlerts = [...this.fleet.alerts.values()].sort(newestChangeFirst).slice(0, MAX_UNRESOLVED);
    const bySite = groupBy(this.unresolvedAlerts, (a) => a.scope.siteId);
    for (const siteId of new Set([...this.alertMarks.keys(), ...bySite.keys()])) {
      const mark = alertsMark(bySite.get(siteId) ?? []);
      if (this.alertMarks.get(siteId) === mark) continue;
      if (mark) this.alertMarks.set(siteId, mark);
      else this.alertMarks.delete(siteId);
      dirty.add(siteId);
    }
    this.alertsBySite = bySite;
  }
}

/** Marks the buses whose line changes as their operating hours begin or end. */
export function markBusHours(items: Iterable<DeskItem>, sites: ReadonlyMap<string, SiteInfo>, now: Date, dirty: Set<string>): void {
  for (const item of items)
    if (item.kind === 'bus' && busOperatingNow(sites.get(item.siteId)?.itinerary, now) !== item.operating) dirty.add(item.siteId);
}
