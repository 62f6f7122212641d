import { Schema, type Connection, type Model } from 'mongoose';

/**
 * card-session's own read copy of device state, built from device-registry's events, so that no
 * request on the hot path calls the registry.
 */
export interface KnownDevice {
  deviceId: string;
  institutionNumber: string;
  siteId: string;
  state: 'active' | 'suspended' | 'retired';
  /** Time of the registry event that set this state; an older event never overwrites a newer one. */
  asOf: string;
}

export interface DeviceDirectory {
  upsert(device: KnownDevice): Promise<void>;
  get(deviceId: string): Promise<KnownDevice | null>;
}

export class InMemoryDeviceDirectory implements DeviceDirectory {
  private readonly devices = new Map<string, KnownDevice>();
  async upsert(device: KnownDevice) {
    const current = this.devices.get(device.deviceId);
    if (!current || current.asOf <= device.asOf) this.devices.set(device.deviceId, { ...device });
  }
  async get(deviceId: string) {
    return this.devices.get(deviceId) ?? null;
  }
}

type DeviceDoc = Omit<KnownDevice, 'deviceId'> & { _id: string };
const schema = new Schema<DeviceDoc>(
  { _id: String, institutionNumber: String, siteId: String, state: String, asOf: String },
  { collection: 'device_directory', versionKey: false },
);

export class MongoDeviceDirectory implements DeviceDirectory {
  private readonly model: Model<DeviceDoc>;
  constructor(connection: Connection) {
    this.model = connection.models.KnownDevice ?? connection.model<DeviceDoc>('KnownDevice', schema);
  }
  async upsert({ deviceId, ...rest }: KnownDevice) {
    // Newer-wins without a read: update only a document older than this event, else insert; an
    // insert that collides with a newer document is a no-op (duplicate key ignored).
    const result = await this.model.updateOne({ _id: deviceId, asOf: { $lte: rest.asOf } }, { $set: rest }).exec();
    if (result.matchedCount === 0) {
      await this.model.updateOne({ _id: deviceId }, { $setOnInsert: rest }, { upsert: true }).exec();
    }
  }
  async get(deviceId: string) {
    const doc = await this.model.findById(deviceId).lean<DeviceDoc>().exec();
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { deviceId: _id, ...rest };
  }
}
