import { DomainError, NotFoundError } from '@hcv/domain';
import type { Decision } from '@hcv/contracts';
import { AggregateStore, type AggregateStoreOptions, type Outbox, type RecentCopies } from '@hcv/persistence';
import type { Device } from '../domain/device.decide';
import type { DeviceRepository } from './device.repository';

/**
 * Devices a query has just read, each served once instead of a read by the update that follows it
 * (nothing else is kept: every other update reads its device). A stale one fails the conditional
 * write and the change is decided again on a fresh read, as with any copy.
 */
class FoundOnce implements RecentCopies<Device> {
  /** Read by a query, not written here: a write over one reads its outbox back. */
  readonly ownWrites = false as const;
  private readonly found = new Map<string, Device>();
  offer(device: Device) {
    this.found.set(device.deviceId, device);
  }
  recall(id: string) {
    const device = this.found.get(id);
    this.found.delete(id);
    return device;
  }
  remember() {}
  forget(id: string) {
    this.found.delete(id);
  }
}

/** The unit of work over devices: every change of a device is `update(deviceId, decide)` on it. */
export class DeviceStore extends AggregateStore<Device> {
  constructor(
    options: AggregateStoreOptions<Device>,
    private readonly found: FoundOnce,
  ) {
    super(options);
  }
  /** `update` on a device a query has just read (the offline sweep's): no read of its own. */
  updateFound(device: Device, decide: (state: Device) => Decision<Device>): Promise<Device> {
    this.found.offer(device);
    return this.update(device.deviceId, decide);
  }
}

/** A device's events are keyed by it; a request's correlation id is passed as the call's context. */
export function deviceStore(devices: DeviceRepository, outbox: Outbox): DeviceStore {
  const found = new FoundOnce();
  return new DeviceStore(
    {
      writes: {
        outbox: devices.outbox,
        read: (id) => devices.get(id),
        insert: async (device, entries) => (await devices.insert(device, entries), true),
        write: (current, next, entries) => devices.write(current, next, entries),
      },
      outbox,
      idOf: (d) => d.deviceId,
      context: (d) => ({ subject: d.deviceId, correlationId: d.deviceId }),
      missing: (id) => new NotFoundError('device', id),
      busy: (id) => new DomainError('device-changed-concurrently', `Device ${id} changed meanwhile; retry.`, 409),
      recent: found,
    },
    found,
  );
}
