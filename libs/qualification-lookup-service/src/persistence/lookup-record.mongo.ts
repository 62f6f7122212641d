import { Schema, type Connection, type Model } from 'mongoose';
import { definedFields, InsertOnceBatches, MongoOutboxStore, outboxSchemaPath, type OutboxEntry } from '@hcv/persistence';
import type { LookupRecord, LookupRecordRepository } from './lookup-record.repository';

type LookupDoc = Omit<LookupRecord, 'sessionId'> & { _id: string; outbox?: OutboxEntry[] };

// No secondary index: every read and the insert-once write go by `_id` (the session id); the relay's
// sweep (`outbox.stagedAt`) is indexed by MongoOutboxStore.
const schema = new Schema<LookupDoc>(
  {
    _id: String,
    institutionNumber: String,
    onlineEligibilityCode: String,
    status: { type: String, required: true },
    insurerNumber: String,
    // Who answered (simulator, national-system-http); absent on records written before it was kept.
    answeredBy: String,
    upstreamMillis: Number,
    resolvedAt: String,
    // Until sent, an entry holds the event as published (it may carry the qualification and the presented voucher); the
    // relay removes it within seconds, and the record itself keeps only status, insurer and timing.
    outbox: outboxSchemaPath,
  },
  { collection: 'lookups', versionKey: false },
);

export class MongoLookupRecordRepository implements LookupRecordRepository {
  private readonly model: Model<LookupDoc>;
  readonly outbox: MongoOutboxStore;
  /** The answers of one consumer batch leave as one insert (a taken id: the session was answered). */
  private readonly inserts: InsertOnceBatches<LookupDoc>;
  constructor(connection: Connection) {
    this.model = connection.models.Lookup ?? connection.model<LookupDoc>('Lookup', schema);
    // Insert-once: no other writer reads a lookup back, so removals of sent entries may linger.
    this.outbox = new MongoOutboxStore(connection, 'lookups', { singleWriter: true });
    this.inserts = new InsertOnceBatches(connection.collection<LookupDoc>('lookups'));
  }
  async save(record: LookupRecord, events: readonly OutboxEntry[] = []) {
    // Keyed by session, written once: a redelivered request or a racing retry cannot answer twice.
    // Only the record's own fields are stored (the schema's: no personal data), as the schema would keep them.
    const { sessionId, institutionNumber, onlineEligibilityCode, status, insurerNumber, answeredBy, upstreamMillis, resolvedAt } = record;
    const fields = definedFields({
      institutionNumber,
      onlineEligibilityCode,
      status,
      insurerNumber,
      answeredBy,
      upstreamMillis,
      resolvedAt,
    });
    return this.inserts.insert({ _id: sessionId, ...fields, ...(events.length ? { outbox: [...events] } : {}) });
  }
  async get(sessionId: string) {
    const doc = await this.model.findById(sessionId).lean<LookupDoc>().exec();
    if (!doc) return null;
    const { _id, outbox: _outbox, ...rest } = doc;
    return { sessionId: _id, ...rest };
  }
}
