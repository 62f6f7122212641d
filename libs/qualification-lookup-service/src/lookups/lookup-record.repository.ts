import { Schema, type Connection, type Model } from 'mongoose';
import type { LookupResult } from '@hcv/contracts';
import {
  InMemoryOutboxStore,
  insertOnceWithOutbox,
  MongoOutboxStore,
  outboxSchemaPath,
  storeWithOutbox,
  withoutOutbox,
  type OutboxEntry,
  type OutboxStore,
} from '@hcv/persistence';

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
  /** The answer's events ride in the record's document until the relay sent them. */
  readonly outbox: OutboxStore;
  /**
   * Stores the session's answer and its events once: false (and nothing written) if the session was
   * already answered — its events were stored with the first answer.
   */
  save(record: LookupRecord, events?: readonly OutboxEntry[]): Promise<boolean>;
  get(sessionId: string): Promise<LookupRecord | null>;
}

export class InMemoryLookupRecordRepository implements LookupRecordRepository {
  private readonly records = new Map<string, LookupRecord>();
  readonly outbox = new InMemoryOutboxStore('lookups', this.records);
  async save(record: LookupRecord, events: readonly OutboxEntry[] = []) {
    if (this.records.has(record.sessionId)) return false;
    this.records.set(record.sessionId, storeWithOutbox(undefined, record, events));
    return true;
  }
  async get(sessionId: string) {
    const record = this.records.get(sessionId);
    return record ? withoutOutbox({ ...record }) : null;
  }
}

type LookupDoc = Omit<LookupRecord, 'sessionId'> & { _id: string; outbox?: OutboxEntry[] };
const schema = new Schema<LookupDoc>(
  {
    _id: String,
    institutionNumber: { type: String, required: true },
    status: { type: String, required: true },
    insurerNumber: String,
    upstreamMillis: Number,
    resolvedAt: String,
    // Until sent, an entry holds the event as published (it may carry the qualification); the
    // relay removes it within seconds, and the record itself keeps only status, insurer and timing.
    outbox: outboxSchemaPath,
  },
  { collection: 'lookups', versionKey: false },
);

export class MongoLookupRecordRepository implements LookupRecordRepository {
  private readonly model: Model<LookupDoc>;
  readonly outbox: OutboxStore;
  constructor(connection: Connection) {
    this.model = connection.models.Lookup ?? connection.model<LookupDoc>('Lookup', schema);
    this.outbox = new MongoOutboxStore(connection, 'lookups');
  }
  save({ sessionId, ...rest }: LookupRecord, events: readonly OutboxEntry[] = []) {
    // Keyed by session, written once: a redelivered request or a racing retry cannot answer twice.
    return insertOnceWithOutbox(this.model, sessionId, rest, events);
  }
  async get(sessionId: string) {
    const doc = await this.model.findById(sessionId).lean<LookupDoc>().exec();
    if (!doc) return null;
    const { _id, outbox: _outbox, ...rest } = doc;
    return { sessionId: _id, ...rest };
  }
}
