import { Schema, type Connection, type Model } from 'mongoose';
import { DomainError } from '@hcv/domain-errors';
import { isDuplicateKeyError } from '@hcv/persistence';
import type { Device } from './device';

/** The only code that touches the registry's device collection. */
export interface DeviceRepository {
  /** Fails with device-already-registered if the id exists. */
  insert(device: Device): Promise<void>;
  get(deviceId: string): Promise<Device | null>;
  /** Saves only if the stored state is still `expectedState` (optimistic check, no transactions). */
  replace(device: Device, expectedState: Device['state']): Promise<boolean>;
  list(filter: { institutionNumber?: string; siteId?: string }): Promise<Device[]>;
  /** Records a heartbeat; returns the device as it was before (null if unknown). */
  recordHeartbeat(deviceId: string, at: string, stopId?: string): Promise<Device | null>;
  /** Active devices marked online whose last heartbeat is older than `before`. */
  findSilent(before: string): Promise<Device[]>;
  /** Marks the device offline if nothing was heard since `lastSeenAt`; true if this call did it. */
  markOffline(deviceId: string, lastSeenAt: string): Promise<boolean>;
  /** How many active devices each institution has (institutions without one are absent). */
  activeDevicesByInstitution(): Promise<Map<string, number>>;
}

const alreadyRegistered = (id: string) =>
  new DomainError('device-already-registered', `A device with id ${id} is already registered.`, 409, 'deviceId');

export class InMemoryDeviceRepository implements DeviceRepository {
  private readonly devices = new Map<string, Device>();
  async insert(device: Device) {
    if (this.devices.has(device.deviceId)) throw alreadyRegistered(device.deviceId);
    this.devices.set(device.deviceId, structuredClone(device));
  }
  async get(deviceId: string) {
    const d = this.devices.get(deviceId);
    return d ? structuredClone(d) : null;
  }
  async replace(device: Device, expectedState: Device['state']) {
    if (this.devices.get(device.deviceId)?.state !== expectedState) return false;
    this.devices.set(device.deviceId, structuredClone(device));
    return true;
  }
  async list(filter: { institutionNumber?: string; siteId?: string }) {
    return [...this.devices.values()].filter(
      (d) => (!filter.institutionNumber || d.institutionNumber === filter.institutionNumber) && (!filter.siteId || d.siteId === filter.siteId),
    );
  }
  async recordHeartbeat(deviceId: string, at: string, stopId?: string) {
    const d = this.devices.get(deviceId);
    if (!d) return null;
    const before = structuredClone(d);
    Object.assign(d, { lastSeenAt: at, online: true, ...(stopId ? { currentStopId: stopId } : {}) });
    return before;
  }
  async findSilent(before: string) {
    return [...this.devices.values()].filter((d) => d.state === 'active' && d.online === true && (d.lastSeenAt ?? '') < before).map((d) => structuredClone(d));
  }
  async markOffline(deviceId: string, lastSeenAt: string) {
    const d = this.devices.get(deviceId);
    if (!d || d.online !== true || d.lastSeenAt !== lastSeenAt) return false;
    d.online = false;
    return true;
  }
  async activeDevicesByInstitution() {
    const counts = new Map<string, number>();
    for (const d of this.devices.values()) if (d.state === 'active') counts.set(d.institutionNumber, (counts.get(d.institutionNumber) ?? 0) + 1);
    return counts;
  }
}

type DeviceDoc = Omit<Device, 'deviceId'> & { _id: string };

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
  },
  { collection: 'devices', versionKey: false },
);
// Serves list({institutionNumber, siteId}) — the operations view of one institution's sites.
schema.index({ institutionNumber: 1, siteId: 1 });
// Serves findSilent: the offline sweep over active, online devices by last heartbeat; its `state`
// prefix also serves activeDevicesByInstitution (the 実施機関一覧表).
schema.index({ state: 1, online: 1, lastSeenAt: 1 });

const toDevice = ({ _id, ...rest }: DeviceDoc): Device => ({ deviceId: _id, ...rest });
const toDoc = ({ deviceId, ...rest }: Device): DeviceDoc => ({ _id: deviceId, ...rest });

export class MongoDeviceRepository implements DeviceRepository {
  private readonly model: Model<DeviceDoc>;
  constructor(connection: Connection) {
    this.model = connection.models.Device ?? connection.model<DeviceDoc>('Device', schema);
  }
  async insert(device: Device) {
    try {
      await this.model.create(toDoc(device));
    } catch (error) {
      if (isDuplicateKeyError(error)) throw alreadyRegistered(device.deviceId);
      throw error;
    }
  }
  async get(deviceId: string) {
    const doc = await this.model.findById(deviceId).lean<DeviceDoc>().exec();
    return doc ? toDevice(doc) : null;
  }
  async replace(device: Device, expectedState: Device['state']) {
    const result = await this.model.replaceOne({ _id: device.deviceId, state: expectedState }, toDoc(device)).exec();
    return result.modifiedCount === 1;
  }
  async list(filter: { institutionNumber?: string; siteId?: string }) {
    const query: Record<string, string> = {};
    if (filter.institutionNumber) query.institutionNumber = filter.institutionNumber;
    if (filter.siteId) query.siteId = filter.siteId;
    return (await this.model.find(query).sort({ _id: 1 }).lean<DeviceDoc[]>().exec()).map(toDevice);
  }
  async recordHeartbeat(deviceId: string, at: string, stopId?: string) {
    const before = await this.model
      .findOneAndUpdate({ _id: deviceId }, { $set: { lastSeenAt: at, online: true, ...(stopId ? { currentStopId: stopId } : {}) } }, { new: false })
      .lean<DeviceDoc>()
      .exec();
    return before ? toDevice(before) : null;
  }
  async findSilent(before: string) {
    return (await this.model.find({ state: 'active', online: true, lastSeenAt: { $lt: before } }).lean<DeviceDoc[]>().exec()).map(toDevice);
  }
  async markOffline(deviceId: string, lastSeenAt: string) {
    const result = await this.model.updateOne({ _id: deviceId, online: true, lastSeenAt }, { $set: { online: false } }).exec();
    return result.modifiedCount === 1;
  }
  async activeDevicesByInstitution() {
    const groups = await this.model.aggregate<{ _id: string; n: number }>([{ $match: { state: 'active' } }, { $group: { _id: '$institutionNumber', n: { $sum: 1 } } }]).exec();
    return new Map(groups.map((g) => [g._id, g.n]));
  }
}
