import { decideHeartbeat, type HeartbeatCommand } from '../domain/heartbeat.decide';
import type { DeviceStore } from '../persistence/device.store';
import type { DeviceRepository } from '../persistence/device.repository';

/**
 * The offline sweep: a device silent past the threshold is reported offline once (the conditional
 * write decides which instance reports it; a heartbeat that came meanwhile wins).
 */
export class ReportOfflineDevicesHandler {
  constructor(
    private readonly store: DeviceStore,
    private readonly devices: DeviceRepository,
    private readonly clock: () => Date,
    private readonly thresholdMillis: number,
  ) {}

  /** One sweep; returns the devices reported offline by this call. */
  async execute(): Promise<string[]> {
    const now = this.clock();
    const check: Extract<HeartbeatCommand, { kind: 'silence-check' }> = {
      kind: 'silence-check',
      silentSince: new Date(now.getTime() - this.thresholdMillis).toISOString(),
      detectedAt: now.toISOString(),
      thresholdSeconds: Math.round(this.thresholdMillis / 1000),
    };
    const reported: string[] = [];
    for (const silent of await this.devices.findSilent(check.silentSince)) {
      let wentOffline = false;
      // Decided on the device as the query found it (a heartbeat meanwhile fails the conditional write).
      await this.store.updateFound(silent, (d) => {
        const decision = decideHeartbeat(check, d);
        wentOffline = decision.events.length > 0;
        return decision;
      });
      if (wentOffline) reported.push(silent.deviceId);
    }
    return reported;
  }
}
