import type { DeviceStatus } from '../domain/device-status';
import type { ChangeStamp, OperationsRepository, SiteInfo } from './operations.repository';

/**
 * The sites and devices as stored, kept in memory by reading only those changed since the previous
 * read (OperationsRepository.sitesChangedSince / devicesChangedSince): what a reader that needs the
 * whole fleet on every tick (the alert monitor) reads, at the cost of what changed. Every site and
 * device is read at the first read and every `fullReadMillis` (OPS_DESK_FULL_REFRESH_MS): a safety
 * net, and where one that is gone is noticed.
 */
export class FleetMirror {
  readonly sites = new Map<string, SiteInfo>();
  readonly devices = new Map<string, DeviceStatus>();
  private siteStamp?: ChangeStamp;
  private deviceStamp?: ChangeStamp;
  private lastFullRead = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly ops: Pick<OperationsRepository, 'sitesChangedSince' | 'devicesChangedSince'>,
    private readonly fullReadMillis: number,
  ) {}

  /** Brings the mirror up to date; `nowMillis` (the caller's clock) tells when the next full read is due. */
  async read(nowMillis: number): Promise<void> {
    const full = nowMillis - this.lastFullRead >= this.fullReadMillis;
    const [sites, devices] = await Promise.all([
      this.ops.sitesChangedSince(full ? undefined : this.siteStamp),
      this.ops.devicesChangedSince(full ? undefined : this.deviceStamp),
    ]);
    if (full) {
      this.sites.clear();
      this.devices.clear();
      this.lastFullRead = nowMillis;
    }
    for (const site of sites.changed) this.sites.set(site.siteId, site);
    for (const device of devices.changed) this.devices.set(device.deviceId, device);
    this.siteStamp = sites.stamp;
    this.deviceStamp = devices.stamp;
  }
}
