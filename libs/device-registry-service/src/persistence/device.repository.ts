import { DomainError } from '@hcv/domain';
import type { OutboxEntry, OutboxStore } from '@hcv/persistence';
import type { Device } from '../domain/device.decide';
import type { ActiveDeviceCounts } from '../domain/implementing-institutions';

export type { Device };

/** The filter of `list`: every device, one institution's (or insurer code's), one site's, or both. */
export interface DeviceFilter {
  institutionNumber?: string;
  onlineEligibilityCode?: string;
  siteId?: string;
}

/** The only code that touches the registry's device collection. */
export interface DeviceRepository {
  /** Events staged with a write ride in the device's document until the relay sent them. */
  readonly outbox: OutboxStore;
  /** Fails with device-already-registered if the id exists. */
  insert(device: Device, events?: readonly OutboxEntry[]): Promise<void>;
  get(deviceId: string): Promise<Device | null>;
  /**
   * Stores `next` with its events only if the stored device is still `current` as far as any writer
   * changes it (lifecycle state, credential, heartbeat fields): the unit of work's conditional write.
   * The stored device, or null when it changed meanwhile.
   */
  write(current: Device, next: Device, events?: readonly OutboxEntry[]): Promise<Device | null>;
  /** The devices matching the filter, by device id. */
  list(filter: DeviceFilter): Promise<Device[]>;
  /** Active devices marked online whose last heartbeat is older than `before`. */
  findSilent(before: string): Promise<Device[]>;
  /** How many active devices each institution and each insurer code has (those without one are absent). */
  activeDevicesByOperator(): Promise<ActiveDeviceCounts>;
}

export const deviceAlreadyRegistered = (id: string) =>
  new DomainError('device-already-registered', `A device with id ${id} is already registered.`, 409, 'deviceId');
