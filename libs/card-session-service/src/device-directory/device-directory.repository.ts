import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '@hcv/persistence';

/**
 * card-session's own read copy of device state and signing keys, built from device-registry's
 * events, so that no request on the hot path calls the registry. State and key are versioned
 * separately by the time of the event that set them: events of one device arrive on several topics,
 * and an older event never overwrites a newer one.
 */
export interface KnownDevice {
  deviceId: string;
  institutionNumber?: string;
  siteId?: string;
  state?: 'active' | 'suspended' | 'retired';
  stateAsOf?: string;
  signingKey?: string;
  keyAsOf?: string;
  /** One active session per device. */
  activeSessionId?: string | null;
}

export interface DeviceDirectory {
  setState(deviceId: string, change: { state: NonNullable<KnownDevice['state']>; institutionNumber?: string; siteId?: string }, asOf: string): Promise<void>;
  setKey(deviceId: string, signingKey: string, asOf: string): Promise<void>;
  get(deviceId: string): Promise<KnownDevice | null>;
  /** Takes the device's session slot; false if another session holds it. */
  acquireSession(deviceId: string, sessionId: string): Promise<boolean>;
  releaseSession(deviceId: string, sessionId: string): Promise<void>;
  /** The session holding the device's slot now (for the refusal's message), read from the store. */
  activeSessionOf(deviceId: string): Promise<string | null>;
}

export class InMemoryDeviceDirectory implements DeviceDirectory {
  private readonly devices = new Map<string, KnownDevice>();
  private entry(deviceId: string): KnownDevice {
    let d = this.devices.get(deviceId);
    if (!d) this.devices.set(deviceId, (d = { deviceId }));
    return d;
  }
  async setState(deviceId: string, change: { state: NonNullable<KnownDevice['state']>; institutionNumber?: string; siteId?: string }, asOf: string) {
    const d = this.entry(deviceId);
    const { state, ...identity } = change;
    Object.assign(d, identity); // where a device belongs never changes: no ordering needed
    if ((d.stateAsOf ?? '') > asOf) return;
    Object.assign(d, { state, stateAsOf: asOf });
  }
  async setKey(deviceId: string, signingKey: string, asOf: string) {
    const d = this.entry(deviceId);
    if ((d.keyAsOf ?? '') > asOf) return;
    Object.assign(d, { signingKey, keyAsOf: asOf });
  }
  async get(deviceId: string) {
    const d = this.devices.get(deviceId);
    return d ? { ...d } : null;
  }
  async acquireSession(deviceId: string, sessionId: string) {
    const d = this.entry(deviceId);
    if (d.activeSessionId && d.activeSessionId !== sessionId) return false;
    d.activeSessionId = sessionId;
    return true;
  }
  async releaseSession(deviceId: string, sessionId: string) {
    const d = this.devices.get(deviceId);
    if (d?.activeSessionId === sessionId) d.activeSessionId = null;
  }
  async activeSessionOf(deviceId: string) {
    return this.devices.get(deviceId)?.activeSessionId || null;
  }
}

type DeviceDoc = Omit<KnownDevice, 'deviceId'> & { _id: string };
const schema = new Schema<DeviceDoc>(
  {
    _id: String,
    institutionNumber: String,
    siteId: String,
    state: String,
    stateAsOf: String,
    signingKey: String,
    keyAsOf: String,
    activeSessionId: { type: String, default: '' },
  },
  { collection: 'device_directory', versionKey: false },
);

export class MongoDeviceDirectory implements DeviceDirectory {
  private readonly model: Model<DeviceDoc>;
  private readonly collection;
  constructor(connection: Connection) {
    this.model = connection.models.KnownDevice ?? connection.model<DeviceDoc>('KnownDevice', schema);
    this.collection = connection.collection<DeviceDoc>('device_directory');
  }
  /**
   * Newer-wins by compare-and-set on the stored time ('' until first set): read, give up if the
   * stored event is newer, else update only if the stored time is still what was read. Plain
   * equality filters only — no $or/$exists/null matching, whose behaviour differed on the test server.
   */
  private async newerWins(deviceId: string, asOfField: 'stateAsOf' | 'keyAsOf', set: Record<string, unknown>, asOf: string) {
    for (let attempt = 0; attempt < 10; attempt++) {
      const doc = await this.model.findById(deviceId).lean<DeviceDoc>().exec();
      if (!doc) {
        try {
          await this.model.collection.insertOne({ _id: deviceId as never, stateAsOf: '', keyAsOf: '', activeSessionId: '', ...set, [asOfField]: asOf });
          return;
        } catch (error) {
          if (isDuplicateKeyError(error)) continue; // created meanwhile: compare with it
          throw error;
        }
      }
      const stored = doc[asOfField] ?? '';
      if (stored > asOf) return;
      const r = await this.model.updateOne({ _id: deviceId, [asOfField]: stored }, { $set: { ...set, [asOfField]: asOf } }).exec();
      if (r.matchedCount === 1) return;
    }
    throw new Error(`device ${deviceId} kept changing while recording ${asOfField}`);
  }
  async setState(deviceId: string, change: { state: NonNullable<KnownDevice['state']>; institutionNumber?: string; siteId?: string }, asOf: string) {
    const { state, ...identity } = change;
    await this.newerWins(deviceId, 'stateAsOf', { state }, asOf);
    // Where a device belongs never changes: set it whatever the order of events.
    if (Object.keys(identity).length) await this.model.updateOne({ _id: deviceId }, { $set: identity }).exec();
  }
  async setKey(deviceId: string, signingKey: string, asOf: string) {
    await this.newerWins(deviceId, 'keyAsOf', { signingKey }, asOf);
  }
  // The hot-path reads and slot writes below go to the driver's collection: the filters and updates
  // are plain strings, so mongoose's query building and casting would only cost CPU.
  async get(deviceId: string) {
    const doc = await this.collection.findOne({ _id: deviceId });
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { deviceId: _id, ...rest };
  }
  async acquireSession(deviceId: string, sessionId: string) {
    // activeSessionId is always present ('' = free; see newerWins), so plain equality filters suffice.
    const r = await this.collection.updateOne({ _id: deviceId, activeSessionId: { $in: ['', sessionId] } }, { $set: { activeSessionId: sessionId } });
    return r.matchedCount === 1;
  }
  async releaseSession(deviceId: string, sessionId: string) {
    await this.collection.updateOne({ _id: deviceId, activeSessionId: sessionId }, { $set: { activeSessionId: '' } });
  }
  async activeSessionOf(deviceId: string) {
    const doc = await this.collection.findOne({ _id: deviceId }, { projection: { activeSessionId: 1 } });
    return doc?.activeSessionId || null;
  }
}
