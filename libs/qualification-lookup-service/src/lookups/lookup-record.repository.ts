import { Schema, type Connection, type Model } from 'mongoose';
import { AggregateStore, InMemoryOutboxStore, insertOnceWithOutbox, MongoOutboxStore, outboxSchemaPath, storeWithOutbox, withoutOutbox, type Outbox, type OutboxEntry, type OutboxStore } from '@hcv/persistence';
import type { LookupRecord } from '../domain/lookup-record.decide';

export type { LookupRecord };

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

/**
 * Lookup records as a unit of work: `create` stores a session's answer with its event once
 * (insert-once) and dispatches it; a second answer for the session writes and sends nothing.
 */
export function lookupRecordStore(records: LookupRecordRepository, outbox: Outbox): AggregateStore<LookupRecord> {
  return new AggregateStore<LookupRecord>({
    writes: { outbox: records.outbox, read: (id) => records.get(id), insert: (record, entries) => records.save(record, entries), write: async () => null },
    outbox,
    idOf: (r) => r.sessionId,
    context: (r) => ({ subject: r.sessionId, correlationId: r.sessionId }),
    missing: (id) => new Error(`no lookup record for session ${id}`),
    busy: (id) => new Error(`the lookup record of session ${id} is written once and never changed`),
  });
}
