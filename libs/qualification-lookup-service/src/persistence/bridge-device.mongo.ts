import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError, withWriteAttempts } from '@hcv/persistence';
import type { BridgeDevice, BridgeDeviceDirectory } from './bridge-device.repository';

type DeviceDoc = Omit<BridgeDevice, 'deviceId'> & { _id: string };
const schema = new Schema<DeviceDoc>(
  { _id: String, institutionNumber: String, state: String, stateAsOf: String, signingKey: String, keyAsOf: String },
  { collection: 'bridge_devices', versionKey: false },
);
// No secondary index: every read and write is by device id (_id).

export class MongoBridgeDeviceDirectory implements BridgeDeviceDirectory {
  private readonly model: Model<DeviceDoc>;
  constructor(connection: Connection) {
    this.model = connection.models.BridgeDevice ?? connection.model<DeviceDoc>('BridgeDevice', schema);
  }

  /**
   * Newer-wins by compare-and-set on the stored time ('' until first set): read, give up if the
   * stored event is newer, else update only if the stored time is still what was read; a document
   * changed or created meanwhile is read again, within the platform's bound of write attempts.
   */
  private async newerWins(deviceId: string, asOfField: 'stateAsOf' | 'keyAsOf', set: Record<string, unknown>, asOf: string): Promise<void> {
    await withWriteAttempts(
      async () => {
        const doc = await this.model.findById(deviceId).lean<DeviceDoc>().exec();
        if (!doc) {
          try {
            await this.model.collection.insertOne({ _id: deviceId as never, stateAsOf: '', keyAsOf: '', ...set, [asOfField]: asOf });
            return true;
          } catch (error) {
            if (isDuplicateKeyError(error)) return undefined;
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

  async setState(deviceId: string, change: { state: NonNullable<BridgeDevice['state']>; institutionNumber?: string }, asOf: string) {
    await this.newerWins(deviceId, 'stateAsOf', { state: change.state }, asOf);
    // Where a device belongs never changes: set it whatever the order of events.
    if (change.institutionNumber)
      await this.model.updateOne({ _id: deviceId }, { $set: { institutionNumber: change.institutionNumber } }).exec();
  }

  async setKey(deviceId: string, signingKey: string, asOf: string) {
    await this.newerWins(deviceId, 'keyAsOf', { signingKey }, asOf);
  }

  async get(deviceId: string) {
    const doc = await this.model.findById(deviceId).lean<DeviceDoc>().exec();
    if (!doc) return null;
    const { _id, ...rest } = doc;
    const device: BridgeDevice = { deviceId: _id };
    for (const [k, v] of Object.entries(rest)) if (v !== '' && v !== undefined && v !== null) Object.assign(device, { [k]: v });
    return device;
  }
}
