/**
 * A device as the operations desk sees it (pure fold over device events): where it is, whether it
 * may be used (lifecycle) and whether it is heard from (connectivity, from the registry's heartbeat
 * monitor: device.offline / device.online). Events of different topics may arrive out of order, so
 * each part only moves forward in event time; retirement is final. The lifecycle's times are the
 * registry's own (activatedAt, at, issuedAt), never an envelope's: registration names no time, and it
 * comes before every other step of its device, so it never outranks one.
 */
export type DeviceLifecycle = 'requested' | 'active' | 'suspended' | 'retired';

export interface DeviceStatus {
  deviceId: string;
  siteId: string;
  lifecycle: DeviceLifecycle;
  lifecycleAt: string;
  connectivity: 'online' | 'offline';
  connectivityAt: string;
  lastSeenAt?: string;
  /** The stop a bus reported when it came back online. */
  stopId?: string;
}

export interface DeviceEvent {
  type: string;
  time: string;
  data: Record<string, unknown>;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const later = (a: string, b: string | undefined) => !b || Date.parse(a) >= Date.parse(b);

/** The device after `event`, or null when the event says nothing new (an older one arriving late). */
export function nextDeviceStatus(prev: DeviceStatus | undefined, event: DeviceEvent): DeviceStatus | null {
  const d = event.data;
  const deviceId = str(d.deviceId);
  if (!deviceId) return null;
  const base: DeviceStatus = prev ?? {
    deviceId,
    siteId: str(d.siteId) ?? 'unknown',
    lifecycle: 'requested',
    lifecycleAt: new Date(0).toISOString(),
    connectivity: 'online',
    // Heard from when it was registered or activated; a heartbeat report older than that is stale.
    connectivityAt: new Date(str(d.activatedAt) ?? str(d.at) ?? str(d.detectedAt) ?? event.time).toISOString(),
  };
  const lifecycle = (state: DeviceLifecycle, at: string): DeviceStatus | null => {
    if (prev && (prev.lifecycle === 'retired' || !later(at, prev.lifecycleAt))) return null;
    return { ...base, siteId: str(d.siteId) ?? base.siteId, lifecycle: state, lifecycleAt: at };
  };
  switch (event.type) {
    case 'device.registered':
      // The envelope's time (stamped when the event was staged) is not the registry's clock: an
      // activation stamped by the registry a moment later could read as older and be dropped.
      return prev ? (prev.siteId === str(d.siteId) ? null : { ...prev, siteId: str(d.siteId) ?? prev.siteId }) : base;
    case 'device.activated':
      return lifecycle('active', str(d.activatedAt) ?? event.time);
    case 'device.credential-issued':
      // The registry issues a credential only to a device it holds active (at its activation, or a
      // rotation — an activation code redeemed by a device already active or just re-activated): so the
      // device was in use then, even if its activation reached the desk late or not at all.
      return lifecycle('active', str(d.issuedAt) ?? event.time);
    case 'device.suspended':
      return lifecycle('suspended', str(d.at) ?? event.time);
    case 'device.retired':
      return lifecycle('retired', str(d.at) ?? event.time);
    case 'device.offline': {
      const at = str(d.detectedAt) ?? event.time;
      if (!later(at, base.connectivityAt)) return null;
      return {
        ...base,
        siteId: str(d.siteId) ?? base.siteId,
        connectivity: 'offline',
        connectivityAt: at,
        lastSeenAt: str(d.lastSeenAt) ?? base.lastSeenAt,
      };
    }
    case 'device.online': {
      const at = str(d.at) ?? event.time;
      if (!later(at, base.connectivityAt)) return null;
      const stopId = str(d.stopId);
      return {
        ...base,
        siteId: str(d.siteId) ?? base.siteId,
        connectivity: 'online',
        connectivityAt: at,
        lastSeenAt: at,
        ...(stopId ? { stopId } : {}),
      };
    }
    default:
      return null;
  }
}

/** Counted as offline on the desk: an active device the registry has not heard from. */
export const isOfflineInService = (d: DeviceStatus) => d.lifecycle === 'active' && d.connectivity === 'offline';
export const isOnlineInService = (d: DeviceStatus) => d.lifecycle === 'active' && d.connectivity === 'online';
