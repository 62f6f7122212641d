import { decideHeartbeat } from '../domain/heartbeat.decide';
import type { DeviceStore } from '../persistence/device.store';

/** A device says it is alive (on a bus: the stop it is at); an offline one is reported online again. */
export class RecordHeartbeatHandler {
  constructor(
    private readonly devices: DeviceStore,
    private readonly clock: () => Date,
  ) {}

  async execute(deviceId: string, stopId?: string): Promise<{ online: true; stopId?: string }> {
    const at = this.clock().toISOString();
    await this.devices.update(deviceId, (d) => decideHeartbeat({ kind: 'heartbeat', at, stopId }, d));
    return { online: true, ...(stopId ? { stopId } : {}) };
  }
}
