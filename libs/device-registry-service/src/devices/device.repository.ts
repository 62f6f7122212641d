import { Schema, type Connection, type Model } from 'mongoose';
import { DomainError } from '@hcv/domain-errors';
import {
  copyWithoutOutbox,
  InMemoryOutboxStore,
  isDuplicateKeyError,
  MongoOutboxStore,
  outboxSchemaPath,
  pushOutbox,
  replaceKeepingOutbox,
  storeWithOutbox,
  withoutOutbox,
  type OutboxEntry,
  type OutboxStore,
  type WithOutbox,
} from '@hcv/persistence';
import type { Device } from './device';

/** The only code that touches the registry's device collection. */
export interface DeviceRepository {
  /** Events staged with a write ride in the device's document until the relay sent them. */
  readonly outbox: OutboxStore;
  /** Fails with device-already-registered if the id exists. */
  insert(device: Device, events?: readonly OutboxEntry[]): Promise<void>;
  get(deviceId: string): Promise<Device | null>;
  /** Saves (with its events) only if the stored state is still `expectedState` (optimistic check, no transactions). */
  replace(device: Device, expectedState: Device['state'], events?: readonly OutboxEntry[]): Promise<boolean>;
  list(filter: { institutionNumber?: string; siteId?: string }): Promise<Device[]>;
  /**
   * Records a heartbeat; returns the device as it was before (null if unknown). When the device was
   * marked offline, the events `ifWasOffline` builds are stored with the heartbeat (the same write
   * decides); they are built only then.
   */
  recordHeartbeat(deviceId: string, at: string, stopId?: string, ifWasOffline?: () => readonly OutboxEntry[]): Promise<Device | null>;
  /** Active devices marked online whose last heartbeat is older than `before`. */
  findSilent(before: string): Promise<Device[]>;
  /** Marks the device offline (with its events) if nothing was heard since `lastSeenAt`; true if this call did it. */
  markOffline(deviceId: string, lastSeenAt: string, events?: readonly OutboxEntry[]): Promise<boolean>;
  /** How many active devices each institution has (institutions without one are absent). */
  activeDevicesByInstitution(): Promise<Map<string, number>>;
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
  async replace(device: Device, expectedState: Device['state'], events: readonly OutboxEntry[] = []) {
    const stored = this.devices.get(device.deviceId);
    if (stored?.state !== expectedState) return false;
    this.devices.set(device.deviceId, storeWithOutbox(stored, device, events));
    return true;
  }
  async list(filter: { institutionNumber?: string; siteId?: string }) {
    return [...this.devices.values()]
      .filter((d) => (!filter.institutionNumber || d.institutionNumber === filter.institutionNumber) && (!filter.siteId || d.siteId === filter.siteId))
      .map((d) => copyWithoutOutbox(d));
  }
  async recordHeartbeat(deviceId: string, at: string, stopId?: string, ifWasOffline?: () => readonly OutboxEntry[]) {
    const d = this.devices.get(deviceId);
    if (!d) return null;
    const before = copyWithoutOutbox(d);
    const events = d.online === false && ifWasOffline ? ifWasOffline() : [];
    this.devices.set(deviceId, storeWithOutbox(d, { ...withoutOutbox(d), lastSeenAt: at, online: true, ...(stopId ? { currentStopId: stopId } : {}) }, events));
    return before;
  }
  async findSilent(before: string) {
    return [...this.devices.values()]
      .filter((d) => d.state === 'active' && d.online === true && (d.lastSeenAt ?? '') < before)
      .map((d) => copyWithoutOutbox(d));
  }
  async markOffline(deviceId: string, lastSeenAt: string, events: readonly OutboxEntry[] = []) {
    const d = this.devices.get(deviceId);
    if (!d || d.online !== true || d.lastSeenAt !== lastSeenAt) return false;
    this.devices.set(deviceId, storeWithOutbox(d, { ...withoutOutbox(d), online: false }, events));
    return true;
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
  async replace(device: Device, expectedState: Device['state'], events: readonly OutboxEntry[] = []) {
    const update = replaceKeepingOutbox(this.model, toDoc(withoutOutbox(device) as Device), events);
    const result = await this.model.updateOne({ _id: device.deviceId, state: expectedState }, update).exec();
    return result.matchedCount === 1;
  }
  async list(filter: { institutionNumber?: string; siteId?: string }) {
    const query: Record<string, string> = {};
    if (filter.institutionNumber) query.institutionNumber = filter.institutionNumber;
    if (filter.siteId) query.siteId = filter.siteId;
    return (await this.model.find(query).sort({ _id: 1 }).lean<DeviceDoc[]>().exec()).map(toDevice);
  }
  async recordHeartbeat(deviceId: string, at: string, stopId?: string, ifWasOffline?: () => readonly OutboxEntry[]) {
    const set = { $set: { lastSeenAt: at, online: true, ...(stopId ? { currentStopId: stopId } : {}) } };
    // The usual heartbeat matches a device not marked offline; an offline one comes back online with
    // its event in one conditional write (if the sweep or another heartbeat raced, go round again).
    for (let attempt = 0; attempt < 5; attempt++) {
      const before = await this.model
        .findOneAndUpdate(ifWasOffline ? { _id: deviceId, online: { $ne: false } } : { _id: deviceId }, set, { new: false })
        .lean<DeviceDoc>()
        .exec();
      if (before) return toDevice(before);
      if (!(await this.model.exists({ _id: deviceId }))) return null;
      const wasOffline = await this.model
        .findOneAndUpdate({ _id: deviceId, online: false }, { ...set, ...pushOutbox(ifWasOffline!()) }, { new: false })
        .lean<DeviceDoc>()
        .exec();
      if (wasOffline) return toDevice(wasOffline);
    }
    throw new Error(`device ${deviceId} kept changing while recording a heartbeat`);
  }
  async findSilent(before: string) {
    return (await this.model.find({ state: 'active', online: true, lastSeenAt: { $lt: before } }).lean<DeviceDoc[]>().exec()).map(toDevice);
  }
  async markOffline(deviceId: string, lastSeenAt: string, events: readonly OutboxEntry[] = []) {
    const result = await this.model.updateOne({ _id: deviceId, online: true, lastSeenAt }, { $set: { online: false }, ...pushOutbox(events) }).exec();
    return result.modifiedCount === 1;
  }
  async activeDevicesByInstitution() {
    const groups = await this.model.aggregate<{ _id: string; n: number }>([{ $match: { state: 'active' } }, { $group: { _id: '$institutionNumber', n: { $sum: 1 } } }]).exec();
    return new Map(groups.map((g) => [g._id, g.n]));
  }
}
