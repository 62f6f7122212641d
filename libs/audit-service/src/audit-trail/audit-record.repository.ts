import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '@hcv/persistence';
import type { AuditQuery, AuditRecord } from './audit-record';

/** Append-only: records are inserted once (by event id) and never updated. */
export interface AuditRecordRepository {
  /** False when the event was already recorded (redelivery). */
  append(record: AuditRecord): Promise<boolean>;
  bySubject(subject: string): Promise<AuditRecord[]>;
  find(query: AuditQuery): Promise<AuditRecord[]>;
}

const byTime = (a: AuditRecord, b: AuditRecord) => a.time.localeCompare(b.time) || a.recordedAt.localeCompare(b.recordedAt);

export class InMemoryAuditRecordRepository implements AuditRecordRepository {
  private readonly records = new Map<string, AuditRecord>();
  async append(record: AuditRecord) {
    if (this.records.has(record.id)) return false;
    this.records.set(record.id, structuredClone(record));
    return true;
  }
  async bySubject(subject: string) {
    return [...this.records.values()].filter((r) => r.subject === subject).sort(byTime);
  }
  async find(query: AuditQuery) {
    return [...this.records.values()]
      .filter((r) => (!query.type || r.type === query.type) && (!query.from || r.time >= query.from) && (!query.to || r.time < query.to))
      .sort(byTime)
      .slice(0, query.limit);
  }
}

type AuditDoc = Omit<AuditRecord, 'id'> & { _id: string };
const schema = new Schema<AuditDoc>(
  {
    _id: String,
    type: { type: String, required: true },
    version: Number,
    time: { type: String, required: true },
    source: String,
    subject: { type: String, required: true },
    correlationId: String,
    causationId: String,
    data: Schema.Types.Mixed,
    topic: String,
    partition: Number,
    offset: String,
    traceId: String,
    recordedAt: String,
  },
  { collection: 'audit_events', versionKey: false, minimize: false },
);
// Serves bySubject: the full story of one session (or device) in order.
schema.index({ subject: 1, time: 1 });
// Serves find by type and time range.
schema.index({ type: 1, time: 1 });

const toRecord = ({ _id, ...rest }: AuditDoc): AuditRecord => ({ id: _id, ...rest });

export class MongoAuditRecordRepository implements AuditRecordRepository {
  private readonly model: Model<AuditDoc>;
  constructor(connection: Connection) {
    this.model = connection.models.AuditEvent ?? connection.model<AuditDoc>('AuditEvent', schema);
  }
  async append({ id, ...rest }: AuditRecord) {
    try {
      await this.model.collection.insertOne({ _id: id as never, ...rest });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
  async bySubject(subject: string) {
    return (await this.model.find({ subject }).sort({ time: 1, recordedAt: 1 }).lean<AuditDoc[]>().exec()).map(toRecord);
  }
  async find(query: AuditQuery) {
    const filter: Record<string, unknown> = {};
    if (query.type) filter.type = query.type;
    if (query.from || query.to) filter.time = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lt: query.to } : {}) };
    return (await this.model.find(filter).sort({ time: 1, recordedAt: 1 }).limit(query.limit).lean<AuditDoc[]>().exec()).map(toRecord);
  }
}
