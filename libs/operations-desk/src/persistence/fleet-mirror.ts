import { UNRESOLVED_STATES, type DeskAlert } from '../domain/alert-lifecycle';
import type { DeviceStatus } from '../domain/device-status';
import { ChangeMirror, type MirrorChanges } from './change-mirror';
import type { DeskAlertRepository } from './desk-alert.repository';
import type { Changes, OperationsRepository, SiteInfo } from './operations.repository';

/** What one FleetMirror.fetch read, not yet taken (see FleetMirror.apply). */
export interface FleetRead {
  nowMillis: number;
  full: boolean;
  sites: Changes<SiteInfo>;
  devices: Changes<DeviceStatus>;
  alerts?: Changes<DeskAlert>;
}

/** What one read changed in the mirror, and whether it read everything. */
export interface FleetChanges {
  full: boolean;
  sites: MirrorChanges<SiteInfo>;
  devices: MirrorChanges<DeviceStatus>;
  /** Empty when the mirror keeps no alerts. */
  alerts: MirrorChanges<DeskAlert>;
}

/**
 * The sites and devices as stored — and, given an alert repository, the unresolved alerts — kept in
 * memory by reading only those changed since the previous read (sitesChangedSince, devicesChangedSince,
 * alertsChangedSince): what a reader that needs them all on every tick (the alert monitor, the desk's
 * refresh) reads, at the cost of what changed. Everything is read at the first read and every
 * `fullReadMillis` (OPS_DESK_FULL_REFRESH_MS): a safety net, where one that is gone is noticed, and
 * where an alert last written before alerts had change stamps is read. An alert resolved leaves.
 */
export class FleetMirror {
  private readonly siteMirror: ChangeMirror<SiteInfo>;
  private readonly deviceMirror: ChangeMirror<DeviceStatus>;
  private readonly alertMirror?: ChangeMirror<DeskAlert>;
  private lastFullRead = Number.NEGATIVE_INFINITY;

  constructor(
    ops: Pick<OperationsRepository, 'sitesChangedSince' | 'devicesChangedSince'>,
    private readonly fullReadMillis: number,
    alerts?: Pick<DeskAlertRepository, 'alertsChangedSince'>,
  ) {
    this.siteMirror = new ChangeMirror(
      (stamp) => ops.sitesChangedSince(stamp),
      (s) => s.siteId,
    );
    this.deviceMirror = new ChangeMirror(
      (stamp) => ops.devicesChangedSince(stamp),
      (d) => d.deviceId,
    );
    if (alerts)
      this.alertMirror = new ChangeMirror(
        (stamp) => alerts.alertsChangedSince(stamp),
        (a) => a.alertId,
        (a) => UNRESOLVED_STATES.includes(a.state),
      );
  }

  /** Site id → site, changed in place by each read. */
  get sites(): ReadonlyMap<string, SiteInfo> {
    return this.siteMirror.items;
  }
  /** Device id → device, changed in place by each read. */
  get devices(): ReadonlyMap<string, DeviceStatus> {
    return this.deviceMirror.items;
  }
  /** Alert id → unresolved alert, changed in place by each read (empty without an alert repository). */
  get alerts(): ReadonlyMap<string, DeskAlert> {
    return this.alertMirror?.items ?? new Map();
  }

  /** Brings the mirror up to date and tells what changed; `nowMillis` (the caller's clock) tells when the next full read is due. */
  async read(nowMillis: number): Promise<FleetChanges> {
    return this.apply(await this.fetch(nowMillis));
  }

  /** The reads of `read`, changing nothing yet: a caller reading more beside them applies them once all succeeded. */
  async fetch(nowMillis: number): Promise<FleetRead> {
    const full = nowMillis - this.lastFullRead >= this.fullReadMillis;
    const [sites, devices, alerts] = await Promise.all([
      this.siteMirror.fetch(full),
      this.deviceMirror.fetch(full),
      this.alertMirror?.fetch(full),
    ]);
    return { nowMillis, full, sites, devices, ...(alerts ? { alerts } : {}) };
  }

  /** Takes what `fetch` read and tells what changed. */
  apply(read: FleetRead): FleetChanges {
    if (read.full) this.lastFullRead = read.nowMillis;
    return {
      full: read.full,
      sites: this.siteMirror.apply(read.sites, read.full),
      devices: this.deviceMirror.apply(read.devices, read.full),
      alerts: read.alerts && this.alertMirror ? this.alertMirror.apply(read.alerts, read.full) : { changed: [], removed: [] },
    };
  }
}
