import { Schema, type Connection, type Model } from 'mongoose';
import type { LookupResult } from '@hcv/contracts';

/**
 * What this service remembers of a lookup: outcome and timing, never the qualification itself
 * (記号・番号・枝番 and names stay out of this database).
 */
export interface LookupRecord {
  sessionId: string;
  institutionNumber: string;
  status: LookupResult['status'];
  insurerNumber?: string;
  upstreamMillis: number;
  resolvedAt: string;
}

export interface LookupRecordRepository {
  save(record: LookupRecord): Promise<void>;
  get(sessionId: string): Promise<LookupRecord | null>;
}

export class InMemoryLookupRecordRepository implements LookupRecordRepository {
  private readonly records = new Map<string, LookupRecord>();
  async save(record: LookupRecord) {
    this.records.set(record.sessionId, { ...record });
  }
  async get(sessionId: string) {
    return this.records.get(sessionId) ?? null;
  }
}

type LookupDoc = Omit<LookupRecord, 'sessionId'> & { _id: string };
const schema = new Schema<LookupDoc>(
  {
    _id: String,
    institutionNumber: { type: String, required: true },
    status: { type: String, required: true },
    insurerNumber: String,
    upstreamMillis: Number,
    resolvedAt: String,
  },
  { collection: 'lookups', versionKey: false },
);

export class MongoLookupRecordRepository implements LookupRecordRepository {
  private readonly model: Model<LookupDoc>;
  constructor(connection: Connection) {
    this.model = connection.models.Lookup ?? connection.model<LookupDoc>('Lookup', schema);
  }
  async save({ sessionId, ...rest }: LookupRecord) {
    // Keyed by session: a redelivered request overwrites with the same facts instead of adding one.
    await this.model.replaceOne({ _id: sessionId }, rest, { upsert: true }).exec();
  }
  async get(sessionId: string) {
    const doc = await this.model.findById(sessionId).lean<LookupDoc>().exec();
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { sessionId: _id, ...rest };
  }
}
