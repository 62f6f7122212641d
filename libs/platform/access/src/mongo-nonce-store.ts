import { Schema, type Connection, type Model } from 'mongoose';
import type { NonceStore } from './device-authenticator';
import { isDuplicateKeyError } from '@hcv/persistence';

interface NonceDoc {
  _id: string;
  at: number;
}
const schema = new Schema<NonceDoc>({ _id: String, at: Number }, { collection: 'request_nonces', versionKey: false });
// Serves the pruning of nonces older than the replay window (no TTL index on the test server).
schema.index({ at: 1 });

/** Replay protection shared by every instance of a service: a nonce is inserted once per device. */
export class MongoNonceStore implements NonceStore {
  private readonly model: Model<NonceDoc>;
  private lastPrune = 0;
  constructor(
    connection: Connection,
    private readonly windowMillis = 5 * 60_000,
  ) {
    this.model = connection.models.RequestNonce ?? connection.model<NonceDoc>('RequestNonce', schema);
  }
  async remember(deviceId: string, nonce: string, atMillis: number): Promise<boolean> {
    if (atMillis - this.lastPrune > this.windowMillis) {
      this.lastPrune = atMillis;
      await this.model.deleteMany({ at: { $lt: atMillis - 2 * this.windowMillis } }).exec();
    }
    try {
      await this.model.collection.insertOne({ _id: `${deviceId}|${nonce}` as never, at: atMillis });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}
