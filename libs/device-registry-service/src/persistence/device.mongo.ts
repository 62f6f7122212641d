import { Schema, type Connection, type Model } from 'mongoose';
import {
  isDuplicateKeyError,
  MongoOutboxStore,
  outboxSchemaPath,
  replaceKeepingOutbox,
  type OutboxEntry,
  type OutboxStore,
  type WithOutbox,
} from '@hcv/persistence';
import { deviceAlreadyRegistered, type Device, type DeviceFilter, type DeviceRepository } from './device.repository';

type DeviceDoc = Omit<Device, 'deviceId'> & { _id: string } & WithOutbox;

const schema = new Schema<DeviceDoc>(
  {
    _id: String,
    institutionNumber: String,
    onlineEligibilityCode: String,
    siteId: { type: String, required: true },
    kind: { type: String, required: true },
    cardReader: { _id: false, model: String, serial: String },
    portalRegistrationReference: String,
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
// Serves list({onlineEligibilityCode}) — an insurer's devices (its withdrawal suspends them).
schema.index({ onlineEligibilityCode: 1, siteId: 1 });
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
      if (isDuplicateKeyError(error)) throw deviceAlreadyRegistered(device.deviceId);
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
      'cardReader.serial': current.cardReader?.serial ?? null,
      'cardReader.model': current.cardReader?.model ?? null,
    };
    const result = await this.model
      .updateOne({ _id: current.deviceId, ...revision }, replaceKeepingOutbox(this.model, toDoc(next), events))
      .exec();
    return result.matchedCount === 1 ? next : null;
  }
  async list(filter: DeviceFilter) {
    const query: Record<string, string> = {};
    if (filter.institutionNumber) query.institutionNumber = filter.institutionNumber;
    if (filter.onlineEligibilityCode) query.onlineEligibilityCode = filter.onlineEligibilityCode;
    if (filter.siteId) query.siteId = filter.siteId;
    return (await this.model.find(query).sort({ _id: 1 }).lean<DeviceDoc[]>().exec()).map(toDevice);
  }
  async findSilent(before: string) {
    return (
      await this.model
        .find({ state: 'active', online: true, lastSeenAt: { $lt: before } })
        .lean<DeviceDoc[]>()
        .exec()
    ).map(toDevice);
  }
  async activeDevicesByOperator() {
    const groups = await this.model
      .aggregate<{
        _id: { institutionNumber?: string; onlineEligibilityCode?: string };
        n: number;
      }>([
        { $match: { state: 'active' } },
        { $group: { _id: { institutionNumber: '$institutionNumber', onlineEligibilityCode: '$onlineEligibilityCode' }, n: { $sum: 1 } } },
      ])
      .exec();
    const counts = { byInstitution: new Map<string, number>(), byInsurerCode: new Map<string, number>() };
    for (const { _id, n } of groups) {
      if (_id.onlineEligibilityCode) counts.byInsurerCode.set(_id.onlineEligibilityCode, n);
      else if (_id.institutionNumber) counts.byInstitution.set(_id.institutionNumber, n);
    }
    return counts;
  }
}
