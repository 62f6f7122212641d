import { Schema, type Connection, type Model } from 'mongoose';
import type { BridgeAnswerRecord, BridgeRequest, BridgeRequestRepository, OpenBridgeRequest } from './bridge-request.repository';

type BridgeRequestDoc = Omit<BridgeRequest, 'requestId'> & { _id: string };

const schema = new Schema<BridgeRequestDoc>(
  {
    _id: String,
    institutionNumber: { type: String, required: true },
    status: { type: String, required: true },
    requestedAt: { type: String, required: true },
    deadline: { type: String, required: true },
    correlationId: String,
    causationId: String,
    // Personal data (記号・番号, birth date, the presented voucher) and the answer: only until the session is answered.
    query: Schema.Types.Mixed,
    request: Schema.Types.Mixed,
    answer: Schema.Types.Mixed,
  },
  { collection: 'bridge_requests', versionKey: false, minimize: false },
);
// The bridge's poll: one institution's pending requests, oldest first.
schema.index({ institutionNumber: 1, status: 1, requestedAt: 1 });

const fromDoc = ({ _id, ...rest }: BridgeRequestDoc): BridgeRequest => ({ requestId: _id, ...rest });

export class MongoBridgeRequestRepository implements BridgeRequestRepository {
  private readonly model: Model<BridgeRequestDoc>;
  constructor(connection: Connection) {
    this.model = connection.models.BridgeRequest ?? connection.model<BridgeRequestDoc>('BridgeRequest', schema);
  }

  async open({ requestId, ...rest }: OpenBridgeRequest) {
    // Insert once, keyed by the session: a redelivered request finds the stored one.
    await this.model.updateOne({ _id: requestId }, { $setOnInsert: { ...rest, status: 'pending' } }, { upsert: true }).exec();
    return (await this.get(requestId))!;
  }

  async get(requestId: string) {
    const doc = await this.model.findById(requestId).lean<BridgeRequestDoc>().exec();
    return doc ? fromDoc(doc) : null;
  }

  async waiting(institutionNumber: string, now: string, limit: number) {
    const docs = await this.model
      .find({ institutionNumber, status: 'pending', deadline: { $gt: now } })
      .sort({ requestedAt: 1, _id: 1 })
      .limit(limit)
      .lean<BridgeRequestDoc[]>()
      .exec();
    return docs.map(fromDoc);
  }

  async answer(requestId: string, answer: BridgeAnswerRecord) {
    // Only a pending request takes an answer: the first one wins, a repeat reads what is stored.
    const updated = await this.model
      .findOneAndUpdate({ _id: requestId, status: 'pending' }, { $set: { status: 'answered', answer } }, { returnDocument: 'after' })
      .lean<BridgeRequestDoc>()
      .exec();
    if (updated) return { outcome: 'accepted' as const, request: fromDoc(updated) };
    const stored = await this.get(requestId);
    return stored ? { outcome: 'repeated' as const, request: stored } : null;
  }

  async close(requestId: string) {
    await this.model.updateOne({ _id: requestId }, { $set: { status: 'closed' }, $unset: { query: '', request: '', answer: '' } }).exec();
  }
}
