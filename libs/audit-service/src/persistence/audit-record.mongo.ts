import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '@hcv/persistence';
import type { AuditQuery } from '../domain/audit-record';
import type { ChainedAuditRecord } from '../domain/hash-chain';
import { FACETS, withoutChain, type AuditRecordRepository } from './audit-record.repository';

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
  constructor(connection: Connection) {
    this.model = connection.models.AuditEvent ?? connection.model<AuditDoc>('AuditEvent', schema);
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
  async insert({ id, ...rest }: ChainedAuditRecord) {
    try {
      await this.model.collection.insertOne({ _id: id as never, ...rest });
      return 'inserted' as const;
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'taken' as const;
      throw error;
    }
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
