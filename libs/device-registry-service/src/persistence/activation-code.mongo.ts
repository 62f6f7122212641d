import { Schema, type Connection, type Model } from 'mongoose';
import type { ActivationCode, ActivationCodeRepository } from './activation-code.repository';

type CodeDoc = Omit<ActivationCode, 'codeHash'> & { _id: string };
interface FailureDoc {
  _id: string;
  count: number;
  windowEnd: string;
}

const codeSchema = new Schema<CodeDoc>(
  {
    _id: String,
    deviceId: { type: String, required: true },
    issuedBy: { type: String, required: true },
    issuedAt: { type: String, required: true },
    expiresAt: { type: String, required: true },
    state: { type: String, required: true },
    usedAt: String,
  },
  { collection: 'activation_codes', versionKey: false },
);
// Serves issue(): voiding a device's earlier unused codes.
codeSchema.index({ deviceId: 1, state: 1 });

const failureSchema = new Schema<FailureDoc>(
  { _id: String, count: { type: Number, required: true }, windowEnd: { type: String, required: true } },
  { collection: 'activation_failures', versionKey: false },
);
// Serves the pruning of finished windows (no TTL index on the test server).
failureSchema.index({ windowEnd: 1 });

const toCode = ({ _id, ...rest }: CodeDoc): ActivationCode => ({ codeHash: _id, ...rest });

/** Activation codes by their hash (`activation_codes`) and failed redemptions per address and window (`activation_failures`). */
export class MongoActivationCodeRepository implements ActivationCodeRepository {
  private readonly codes: Model<CodeDoc>;
  private readonly failed: Model<FailureDoc>;
  constructor(connection: Connection) {
    this.codes = connection.models.ActivationCode ?? connection.model<CodeDoc>('ActivationCode', codeSchema);
    this.failed = connection.models.ActivationFailure ?? connection.model<FailureDoc>('ActivationFailure', failureSchema);
  }
  async issue(code: ActivationCode) {
    const { codeHash, ...rest } = code;
    await this.codes.updateMany({ deviceId: code.deviceId, state: 'unused' }, { $set: { state: 'voided' } }).exec();
    await this.codes.create({ _id: codeHash, ...rest });
  }
  async find(codeHash: string) {
    const doc = await this.codes.findById(codeHash).lean<CodeDoc>().exec();
    return doc ? toCode(doc) : null;
  }
  async claim(codeHash: string, at: string) {
    const result = await this.codes.updateOne({ _id: codeHash, state: 'unused' }, { $set: { state: 'used', usedAt: at } }).exec();
    return result.modifiedCount === 1;
  }
  async release(codeHash: string, at: string) {
    await this.codes.updateOne({ _id: codeHash, state: 'used', usedAt: at }, { $set: { state: 'unused' }, $unset: { usedAt: 1 } }).exec();
  }
  async countFailure(address: string, windowStart: string, windowEnd: string) {
    await this.failed.deleteMany({ windowEnd: { $lt: windowStart } }).exec();
    const doc = await this.failed
      .findOneAndUpdate(
        { _id: `${address}|${windowStart}` },
        { $inc: { count: 1 }, $set: { windowEnd } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<FailureDoc>()
      .exec();
    return doc?.count ?? 1;
  }
  async failures(address: string, windowStart: string) {
    return (await this.failed.findById(`${address}|${windowStart}`).lean<FailureDoc>().exec())?.count ?? 0;
  }
}
