import { DeviceOfflineV1, DeviceOnlineV1 } from '@hcv/contracts';
import type { Outbox } from '@hcv/persistence';
import type { DeviceRepository } from '../devices/device.repository';

/**
 * Heartbeats in, offline/online events out. A device silent past the threshold is reported offline
 * once (the conditional update decides which instance reports it); its next heartbeat reports it
 * online again, with the stop a bus is at.
 */
export class HeartbeatMonitor {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly outbox: Outbox,
    private readonly clock: () => Date,
    private readonly thresholdMillis: number,
  ) {}

  async heartbeat(deviceId: string, siteId: string, stopId?: string): Promise<{ online: true; stopId?: string }> {
    const at = this.clock().toISOString();
    // Built and stored only when the write finds the device offline.
    const online = () => [this.outbox.stage(DeviceOnlineV1, { deviceId, siteId, ...(stopId ? { stopId } : {}), at }, { subject: deviceId, correlationId: deviceId })];
    const before = await this.devices.recordHeartbeat(deviceId, at, stopId, online);
    if (before && before.online === false) await this.outbox.dispatch(this.devices.outbox, deviceId);
    return { online: true, ...(stopId ? { stopId } : {}) };
  }

  /** One sweep; returns the devices reported offline by this call. */
  async sweep(): Promise<string[]> {
    const now = this.clock();
    const reported: string[] = [];
    for (const device of await this.devices.findSilent(new Date(now.getTime() - this.thresholdMillis).toISOString())) {
      if (!device.lastSeenAt) continue;
      const offline = this.outbox.stage(
        DeviceOfflineV1,
        { deviceId: device.deviceId, siteId: device.siteId, lastSeenAt: device.lastSeenAt, detectedAt: now.toISOString(), thresholdSeconds: Math.round(this.thresholdMillis / 1000) },
        { subject: device.deviceId, correlationId: device.deviceId },
      );
      if (!(await this.devices.markOffline(device.deviceId, device.lastSeenAt, [offline]))) continue;
      reported.push(device.deviceId);
      await this.outbox.dispatch(this.devices.outbox, device.deviceId);
    }
    return reported;
  }

}
