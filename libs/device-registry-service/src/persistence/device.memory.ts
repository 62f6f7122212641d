import { copyWithoutOutbox, InMemoryOutboxStore, storeWithOutbox, type OutboxEntry, type WithOutbox } from '@hcv/persistence';
import { deviceAlreadyRegistered, type Device, type DeviceFilter, type DeviceRepository } from './device.repository';

/**
 * What concurrent writers of a device change: its lifecycle state, its credential and its heartbeat
 * fields. A write decided on a copy that differs in any of them is refused (and decided again).
 */
function sameRevision(stored: Device, current: Device): boolean {
  return (
    stored.state === current.state &&
    stored.credential?.credentialId === current.credential?.credentialId &&
    stored.lastSeenAt === current.lastSeenAt &&
    stored.online === current.online &&
    stored.cardReader?.model === current.cardReader?.model &&
    stored.cardReader?.serial === current.cardReader?.serial
  );
}

const byId = (a: Device, b: Device) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0);

/** The memory twin of MongoDeviceRepository (embedded mode, unit specs). */
export class InMemoryDeviceRepository implements DeviceRepository {
  private readonly devices = new Map<string, Device & WithOutbox>();
  readonly outbox = new InMemoryOutboxStore('devices', this.devices);
  async insert(device: Device, events: readonly OutboxEntry[] = []) {
    if (this.devices.has(device.deviceId)) throw deviceAlreadyRegistered(device.deviceId);
    this.devices.set(device.deviceId, storeWithOutbox(undefined, device, events));
  }
  async get(deviceId: string) {
    const d = this.devices.get(deviceId);
    return d ? copyWithoutOutbox(d) : null;
  }
  async write(current: Device, next: Device, events: readonly OutboxEntry[] = []) {
    const stored = this.devices.get(current.deviceId);
    if (!stored || !sameRevision(stored, current)) return null;
    this.devices.set(current.deviceId, storeWithOutbox(stored, next, events));
    return next;
  }
  async list(filter: DeviceFilter) {
    return [...this.devices.values()]
      .filter(
        (d) =>
          (!filter.institutionNumber || d.institutionNumber === filter.institutionNumber) &&
          (!filter.onlineEligibilityCode || d.onlineEligibilityCode === filter.onlineEligibilityCode) &&
          (!filter.siteId || d.siteId === filter.siteId),
      )
      .map((d) => copyWithoutOutbox(d))
      .sort(byId);
  }
  async findSilent(before: string) {
    return [...this.devices.values()]
      .filter((d) => d.state === 'active' && d.online === true && d.lastSeenAt !== undefined && d.lastSeenAt < before)
      .map((d) => copyWithoutOutbox(d));
  }
  async activeDevicesByOperator() {
    const counts = { byInstitution: new Map<string, number>(), byInsurerCode: new Map<string, number>() };
    for (const d of this.devices.values()) {
      if (d.state !== 'active') continue;
      const [map, key] = d.onlineEligibilityCode
        ? [counts.byInsurerCode, d.onlineEligibilityCode]
        : [counts.byInstitution, d.institutionNumber!];
      map.set(key, (map.get(key) ?? 0) + 1);
    }
    return counts;
  }
}
