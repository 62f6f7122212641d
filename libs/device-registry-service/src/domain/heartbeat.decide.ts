import { DeviceOfflineV1, DeviceOnlineV1, draft, unchanged, type Decision } from '@hcv/contracts';
import type { Device } from './device.decide';

/** What the heartbeat monitor learns of a device: it was heard from, or the sweep found it silent. */
export type HeartbeatCommand =
  /** The device says it is alive (on a bus: the stop it is at). */
  | { kind: 'heartbeat'; at: string; stopId?: string }
  /** The sweep's check: silent since before `silentSince` (the threshold ago) counts as offline. */
  | { kind: 'silence-check'; silentSince: string; detectedAt: string; thresholdSeconds: number };

/**
 * A device silent past the threshold is reported offline once; its next heartbeat reports it online
 * again, with the stop a bus is at. Any other heartbeat only records when it was heard from.
 */
export function decideHeartbeat(command: HeartbeatCommand, device: Device): Decision<Device> {
  const { deviceId, siteId } = device;
  switch (command.kind) {
    case 'heartbeat': {
      const { at, stopId } = command;
      const state: Device = { ...device, lastSeenAt: at, online: true, ...(stopId ? { currentStopId: stopId } : {}) };
      const cameBack = device.online === false;
      return { state, events: cameBack ? [draft(DeviceOnlineV1, { deviceId, siteId, ...(stopId ? { stopId } : {}), at })] : [] };
    }
    case 'silence-check': {
      const { lastSeenAt } = device;
      if (device.state !== 'active' || device.online !== true || !lastSeenAt || lastSeenAt >= command.silentSince) return unchanged(device);
      return {
        state: { ...device, online: false },
        events: [
          draft(DeviceOfflineV1, {
            deviceId,
            siteId,
            lastSeenAt,
            detectedAt: command.detectedAt,
            thresholdSeconds: command.thresholdSeconds,
          }),
        ],
      };
    }
  }
}
