import { Schema, type Connection, type Model } from 'mongoose';
import { duplicateKeyIndexes, RoundTripCoalescer } from '@hcv/persistence';
import type { AuditQuery } from '../domain/audit-record';
import type { ChainedAuditRecord } from '../domain/hash-chain';
import { FACETS, withoutChain, type AuditRecordRepository, type InsertRunResult } from './audit-record.repository';

type AuditDoc = Omit<ChainedAuditRecord, 'id'> & { _id: string };
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
    facets: Schema.Types.Mixed,
    insuranceCipher: String,
    rekeyedInsuranceCipher: String,
    chain: { type: String, required: true },
    day: { type: String, required: true },
    seq: { type: Number, required: true },
    prevHash: String,
    hash: { type: String, required: true },
  },
  { collection: 'audit_events', versionKey: false, minimize: false },
);
// Serves bySubject: the full story of one session (or device) in order.
schema.index({ subject: 1, time: 1 });
// Serves find by type and time range.
schema.index({ type: 1, time: 1 });
// Serve the auditors' searches by device, site, institution and insurer (and the session lists).
for (const facet of ['deviceId', 'siteId', 'institutionNumber', 'insurerNumber', 'sessionId'])
  schema.index({ [`facets.${facet}`]: 1, time: 1 });
// Serves head() and the verification walk; unique: one record per chain position.
schema.index({ chain: 1, seq: 1 }, { unique: true });
// Serves chainsOn: the chains of a day range.
schema.index({ day: 1 });

const toRecord = ({ _id, ...rest }: AuditDoc): ChainedAuditRecord => ({ id: _id, ...rest });

/** Most records in one insert command. */
const MAX_INSERT_BATCH = 500;
/** Most chains' runs in one ordered insert command (a run holds at most the ledger's 500 records). */
const MAX_RUNS_BATCH = 64;

/** Values reach the filter only as strings validated by the query schema (no operator injection). */
function filterOf(query: AuditQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (query.type) filter.type = query.type;
  if (query.from || query.to) filter.time = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lt: query.to } : {}) };
  for (const facet of FACETS) if (query[facet]) filter[`facets.${facet}`] = query[facet];
  return filter;
}

export class MongoAuditRecordRepository implements AuditRecordRepository {
  private readonly model: Model<AuditDoc>;
  /**
   * Every event is one record, and the ledger appends to several chains at once (one per partition
   * being consumed): the records arriving while an insert is in flight leave together in the next
   * one, an unordered insertMany, instead of one round trip each. Each chain still has one append
   * at a time (AuditLedger), so a request never holds two positions of one chain; each call is
   * answered for its own record after its request completed, and a failed request fails every
   * record it carried (each append re-reads its chain's head and tries again, finding its record
   * stored if the write had landed).
   */
  private readonly inserts: RoundTripCoalescer<AuditDoc, 'inserted' | 'taken'>;
  /**
   * Runs of one chain's records (the ledger seals what queued on a chain one after another): the runs
   * of several chains leave together in one ordered insertMany, which stops at the first record
   * refused — a record after it in its chain must not be stored linked to one that was not. What
   * the stop left out answers 'not-tried' (the ledger links it again, one at a time); a refusal is
   * rare (a redelivery, a position another writer took after a rebalance).
   */
  private readonly runs: RoundTripCoalescer<AuditDoc[], InsertRunResult[]>;
  /** `batching`: how the consumer's batches of records form (see RoundTripCoalescer's gatherMillis); absent: a record alone leaves at once. */
  constructor(connection: Connection, batching: { gatherMillis?: number } = {}) {
    this.model = connection.models.AuditEvent ?? connection.model<AuditDoc>('AuditEvent', schema);
    this.inserts = new RoundTripCoalescer<AuditDoc, 'inserted' | 'taken'>(
      async (docs) => {
        let taken = new Set<number>();
        // Unordered: a record refused (a redelivered event, a position another writer took) refuses only itself.
        await this.model.collection
          .insertMany(
            docs.map((doc) => doc as never),
            { ordered: false },
          )
          .catch((error: unknown) => void (taken = duplicateKeyIndexes(error, docs.length)));
        return docs.map((_, i) => (taken.has(i) ? 'taken' : 'inserted'));
      },
      { maxBatch: MAX_INSERT_BATCH, ...batching },
    );
    this.runs = new RoundTripCoalescer<AuditDoc[], InsertRunResult[]>(
      async (runs) => {
        const docs = runs.flat();
        let refused = docs.length;
        await this.model.collection
          .insertMany(
            docs.map((doc) => doc as never),
            { ordered: true },
          )
          .catch((error: unknown) => void (refused = Math.min(...duplicateKeyIndexes(error, docs.length))));
        let at = 0;
        return runs.map((run) =>
          run.map(() => {
            const index = at++;
            return index < refused ? 'inserted' : index === refused ? 'taken' : 'not-tried';
          }),
        );
      },
      { maxBatch: MAX_RUNS_BATCH, ...batching },
    );
  }
  async ensureIndexes() {
    await this.model.init();
  }
  async exists(eventId: string) {
    return (await this.model.exists({ _id: eventId })) !== null;
  }
  async head(chain: string) {
    const doc = await this.model.findOne({ chain }, { seq: 1, hash: 1 }).sort({ seq: -1 }).lean<{ seq: number; hash: string }>().exec();
    return doc ? { seq: doc.seq, hash: doc.hash } : null;
  }
  insert({ id, ...rest }: ChainedAuditRecord): Promise<'inserted' | 'taken'> {
    return this.inserts.call({ _id: id, ...rest });
  }
  insertRun(records: readonly ChainedAuditRecord[]): Promise<InsertRunResult[]> {
    return this.runs.call(records.map(({ id, ...rest }) => ({ _id: id, ...rest })));
  }
  async bySubject(subject: string) {
    return (await this.model.find({ subject }).sort({ time: 1, recordedAt: 1 }).lean<AuditDoc[]>().exec()).map(toRecord).map(withoutChain);
  }
  async bySubjects(subjects: string[]) {
    if (!subjects.length) return [];
    return (
      await this.model
        .find({ subject: { $in: subjects } })
        .sort({ time: 1, recordedAt: 1 })
        .lean<AuditDoc[]>()
        .exec()
    )
      .map(toRecord)
      .map(withoutChain);
  }
  async find(query: AuditQuery) {
    return (await this.model.find(filterOf(query)).sort({ time: 1, recordedAt: 1 }).limit(query.limit).lean<AuditDoc[]>().exec())
      .map(toRecord)
      .map(withoutChain);
  }
  async sessionIds(query: AuditQuery) {
    // Pages through matching records (oldest first) until `limit` distinct sessions are found.
    const ids = new Set<string>();
    const filter = { ...filterOf(query), 'facets.sessionId': query.sessionId ?? { $exists: true } };
    for (let skip = 0; ids.size < query.limit; skip += 500) {
      const page = await this.model
        .find(filter, { 'facets.sessionId': 1 })
        .sort({ time: 1, _id: 1 })
        .skip(skip)
        .limit(500)
        .lean<AuditDoc[]>()
        .exec();
      for (const doc of page) if (ids.size < query.limit) ids.add(doc.facets!.sessionId!);
      if (page.length < 500) break;
    }
    return [...ids];
  }
  async chainsOn(from: string, to: string) {
    return (
      await this.model
        .find({ day: { $gte: from, $lte: to } })
        .sort({ chain: 1, seq: 1 })
        .lean<AuditDoc[]>()
        .exec()
    ).map(toRecord);
  }
}
