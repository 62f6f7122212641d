import { Schema, type Connection, type Model } from 'mongoose';
import { DomainError } from '@hcv/domain';
import { copyWithoutOutbox, InMemoryOutboxStore, isDuplicateKeyError, MongoOutboxStore, outboxSchemaPath, replaceKeepingOutbox, storeWithOutbox, type OutboxEntry, type OutboxStore, type WithOutbox } from '@hcv/persistence';
import type { Device } from '../domain/device.decide';

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
  list(filter: { institutionNumber?: string; siteId?: string }): Promise<Device[]>;
  /** Active devices marked online whose last heartbeat is older than `before`. */
  findSilent(before: string): Promise<Device[]>;
  /** How many active devices each institution has (institutions without one are absent). */
  activeDevicesByInstitution(): Promise<Map<string, number>>;
}

/**
 * What concurrent writers of a device change: its lifecycle state, its credential and its heartbeat
 * fields. A write decided on a copy that differs in any of them is refused (and decided again).
 */
function sameRevision(stored: Device, current: Device): boolean {
  return (
    stored.state === current.state &&
    stored.credential?.credentialId === current.credential?.credentialId &&
    stored.lastSeenAt === current.lastSeenAt &&
    stored.online === current.online
  );
}

const alreadyRegistered = (id: string) =>
  new DomainError('device-already-registered', `A device with id ${id} is already registered.`, 409, 'deviceId');

export class InMemoryDeviceRepository implements DeviceRepository {
  private readonly devices = new Map<string, Device & WithOutbox>();
  readonly outbox = new InMemoryOutboxStore('devices', this.devices);
  async insert(device: Device, events: readonly OutboxEntry[] = []) {
    if (this.devices.has(device.deviceId)) throw alreadyRegistered(device.deviceId);
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
  async list(filter: { institutionNumber?: string; siteId?: string }) {
    return [...this.devices.values()]
      .filter((d) => (!filter.institutionNumber || d.institutionNumber === filter.institutionNumber) && (!filter.siteId || d.siteId === filter.siteId))
      .map((d) => copyWithoutOutbox(d));
  }
  async findSilent(before: string) {
    return [...this.devices.values()]
      .filter((d) => d.state === 'active' && d.online === true && (d.lastSeenAt ?? '') < before)
      .map((d) => copyWithoutOutbox(d));
  }
  async activeDevicesByInstitution() {
    const counts = new Map<string, number>();
    for (const d of this.devices.values()) if (d.state === 'active') counts.set(d.institutionNumber, (counts.get(d.institutionNumber) ?? 0) + 1);
    return counts;
  }
}

type DeviceDoc = Omit<Device, 'deviceId'> & { _id: string } & WithOutbox;

const schema = new Schema<DeviceDoc>(
  {
    _id: String,
    institutionNumber: { type: String, required: true },
    siteId: { type: String, required: true },
    kind: { type: String, required: true },
    state: { type: String, required: true },
    history: [{ _id: false, to: String, by: String, at: String, reason: String }],
    credential: { _id: false, credentialId: String, signingKey: String, issuedAt: String },
    lastSeenAt: String,
    online: Boolean,
    currentStopId: String,
    outbox: outboxSchemaPath,
  },
  { collection: 'devices', versionKey: false },
);
// Serves list({institutionNumber, siteId}) — the operations view of one institution's sites.
schema.index({ institutionNumber: 1, siteId: 1 });
// Serves findSilent: the offline sweep over active, online devices by last heartbeat; its `state`
// prefix also serves activeDevicesByInstitution (the 実施機関一覧表).
schema.index({ state: 1, online: 1, lastSeenAt: 1 });

const toDevice = ({ _id, outbox: _outbox, ...rest }: DeviceDoc): Device => ({ deviceId: _id, ...rest });
const toDoc = ({ deviceId, ...rest }: Device): DeviceDoc => ({ _id: deviceId, ...rest });

export class MongoDeviceRepository implements DeviceRepository {
  private readonly model: Model<DeviceDoc>;
  readonly outbox: OutboxStore;
  constructor(connection: Connection) {
    this.model = connection.models.Device ?? connection.model<DeviceDoc>('Device', schema);
    this.outbox = new MongoOutboxStore(connection, 'devices');
  }
  async insert(device: Device, events: readonly OutboxEntry[] = []) {
    try {
      await this.model.create({ ...toDoc(device), ...(events.length ? { outbox: [...events] } : {}) });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw alreadyRegistered(device.deviceId);
      throw error;
    }
  }
  async get(deviceId: string) {
    const doc = await this.model.findById(deviceId).lean<DeviceDoc>().exec();
    return doc ? toDevice(doc) : null;
  }
  async write(current: Device, next: Device, events: readonly OutboxEntry[] = []) {
    const revision = {
      state: current.state,
      'credential.credentialId': current.credential?.credentialId ?? null,
      lastSeenAt: current.lastSeenAt ?? null,
      online: current.online ?? null,
    };
    const result = await this.model.updateOne({ _id: current.deviceId, ...revision }, replaceKeepingOutbox(this.model, toDoc(next), events)).exec();
    return result.matchedCount === 1 ? next : null;
  }
  async list(filter: { institutionNumber?: string; siteId?: string }) {
    const query: Record<string, string> = {};
    if (filter.institutionNumber) query.institutionNumber = filter.institutionNumber;
    if (filter.siteId) query.siteId = filter.siteId;
    return (await this.model.find(query).sort({ _id: 1 }).lean<DeviceDoc[]>().exec()).map(toDevice);
  }
  async findSilent(before: string) {
    return (await this.model.find({ state: 'active', online: true, lastSeenAt: { $lt: before } }).lean<DeviceDoc[]>().exec()).map(toDevice);
  }
  async activeDevicesByInstitution() {
    const groups = await this.model.aggregate<{ _id: string; n: number }>([{ $match: { state: 'active' } }, { $group: { _id: '$institutionNumber', n: { $sum: 1 } } }]).exec();
    return new Map(groups.map((g) => [g._id, g.n]));
  }
}
