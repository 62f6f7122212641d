import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError, withWriteAttempts } from '@hcv/persistence';
import type { DeviceDirectory, DeviceStateChange, KnownDevice } from './device-directory.repository';

type DeviceDoc = Omit<KnownDevice, 'deviceId'> & { _id: string };
const schema = new Schema<DeviceDoc>(
  {
    _id: String,
    institutionNumber: String,
    onlineEligibilityCode: String,
    siteId: String,
    state: String,
    stateAsOf: String,
    signingKey: String,
    keyAsOf: String,
  },
  { collection: 'device_directory', versionKey: false },
);
// No secondary index: every query (look-up, newer-wins write) is by device id (_id). The device's
// session slot is the session document's (SessionRepository.insert).

/** The one document of `device_directory_changes`: the directory's change stamp (see DeviceDirectory.changeStamp). */
const STAMP_ID = 'stamp';

export class MongoDeviceDirectory implements DeviceDirectory {
  private readonly model: Model<DeviceDoc>;
  private readonly collection;
  private readonly changes;
  constructor(connection: Connection) {
    this.model = connection.models.KnownDevice ?? connection.model<DeviceDoc>('KnownDevice', schema);
    this.collection = connection.collection<DeviceDoc>('device_directory');
    this.changes = connection.collection<{ _id: string; n: number }>('device_directory_changes');
  }
  /** Raised after the device's write is stored: a reader that still sees the old stamp may hold the old value, not the reverse. */
  private async changed(): Promise<void> {
    await this.changes.updateOne({ _id: STAMP_ID }, { $inc: { n: 1 } }, { upsert: true });
  }
  async changeStamp() {
    return (await this.changes.findOne({ _id: STAMP_ID }))?.n ?? 0;
  }
  /**
   * Newer-wins by compare-and-set on the stored time ('' until first set): read, give up if the
   * stored event is newer, else update only if the stored time is still what was read; a document
   * changed (or created) meanwhile is read again, within the platform's one bound of write attempts.
   * Plain equality filters only — no $or/$exists/null matching, whose behaviour differed on the test server.
   */
  private async newerWins(deviceId: string, asOfField: 'stateAsOf' | 'keyAsOf', set: Record<string, unknown>, asOf: string): Promise<void> {
    await withWriteAttempts(
      async () => {
        const doc = await this.model.findById(deviceId).lean<DeviceDoc>().exec();
        if (!doc) {
          try {
            await this.model.collection.insertOne({
              _id: deviceId as never,
              stateAsOf: '',
              keyAsOf: '',
              ...set,
              [asOfField]: asOf,
            });
            return true;
          } catch (error) {
            if (isDuplicateKeyError(error)) return undefined; // created meanwhile: compare with it
            throw error;
          }
        }
        const stored = doc[asOfField] ?? '';
        if (stored > asOf) return true;
        const r = await this.model.updateOne({ _id: deviceId, [asOfField]: stored }, { $set: { ...set, [asOfField]: asOf } }).exec();
        return r.matchedCount === 1 ? true : undefined;
      },
      () => new Error(`device ${deviceId} kept changing while recording ${asOfField}`),
    );
  }
  async setState(deviceId: string, change: DeviceStateChange, asOf: string) {
    const { state, ...identity } = change;
    await this.newerWins(deviceId, 'stateAsOf', { state }, asOf);
    // Where a device belongs never changes: set it whatever the order of events.
    if (Object.keys(identity).length) await this.model.updateOne({ _id: deviceId }, { $set: identity }).exec();
    await this.changed();
  }
  async setKey(deviceId: string, signingKey: string, asOf: string) {
    await this.newerWins(deviceId, 'keyAsOf', { signingKey }, asOf);
    await this.changed();
  }
  // The hot-path read goes to the driver's collection: mongoose's query building and casting would only cost CPU.
  async get(deviceId: string) {
    const doc = await this.collection.findOne({ _id: deviceId });
    if (!doc) return null;
    // Documents written while the slot was kept here still carry it: not part of a device.
    const {
      _id,
      activeSessionId: _slot,
      activeSessionSince: _since,
      ...rest
    } = doc as DeviceDoc & {
      activeSessionId?: string;
      activeSessionSince?: string;
    };
    return { deviceId: _id, ...rest };
  }
}
