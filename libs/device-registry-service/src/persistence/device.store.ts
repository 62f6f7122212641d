import { DomainError, NotFoundError } from '@hcv/domain';
import { AggregateStore, type Outbox } from '@hcv/persistence';
import type { Device } from '../domain/device.decide';
import type { DeviceRepository } from './device.repository';

/** The unit of work over devices: every change of a device is `update(deviceId, decide)` on it. */
export type DeviceStore = AggregateStore<Device>;

/** A device's events are keyed by it; a request's correlation id is passed as the call's context. */
export function deviceStore(devices: DeviceRepository, outbox: Outbox): DeviceStore {
  return new AggregateStore<Device>({
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
  });
}
