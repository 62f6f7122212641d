import { plainCopy } from '@hcv/messaging';
import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '@hcv/persistence';
import type { AuditFacets, AuditQuery, AuditRecord } from './audit-record';
import type { ChainedAuditRecord } from './hash-chain';

/** Append-only storage of hash-chained records: inserted once, never updated by the service. */
export interface AuditRecordRepository {
  exists(eventId: string): Promise<boolean>;
  /** The last record of a chain (its head), or null for a new chain. */
  head(chain: string): Promise<{ seq: number; hash: string } | null>;
  /** 'taken' when the event id or the chain position is already stored (the ledger tells which). */
  insert(record: ChainedAuditRecord): Promise<'inserted' | 'taken'>;
  bySubject(subject: string): Promise<AuditRecord[]>;
  /** The records of several subjects (e.g. the sessions of a query page), in time order. */
  bySubjects(subjects: string[]): Promise<AuditRecord[]>;
  /** Records by type, time range and facets, in time order. */
  find(query: AuditQuery): Promise<AuditRecord[]>;
  /** The sessions (ids, first seen first) with at least one record matching the facets and time range. */
  sessionIds(query: AuditQuery): Promise<string[]>;
  /** Every record of the chains of days `from`..`to` (YYYY-MM-DD), sorted by chain then seq. */
  chainsOn(from: string, to: string): Promise<ChainedAuditRecord[]>;
}

const byTime = (a: AuditRecord, b: AuditRecord) => a.time.localeCompare(b.time) || a.recordedAt.localeCompare(b.recordedAt);
const byChain = (a: ChainedAuditRecord, b: ChainedAuditRecord) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : a.seq - b.seq);
const strip = ({ chain: _c, day: _d, seq: _s, prevHash: _p, hash: _h, ...record }: ChainedAuditRecord): AuditRecord => record;
/** A record as handed out: without its chain fields, and a copy (the caller may change it). */
const copyOut = (r: ChainedAuditRecord): AuditRecord => plainCopy(strip(r));
const FACETS = ['sessionId', 'deviceId', 'siteId', 'institutionNumber', 'insurerNumber'] as const satisfies readonly (keyof AuditFacets)[];
const matches = (r: AuditRecord, q: AuditQuery) =>
  (!q.type || r.type === q.type) && (!q.from || r.time >= q.from) && (!q.to || r.time < q.to) && FACETS.every((f) => !q[f] || r.facets?.[f] === q[f]);

export class InMemoryAuditRecordRepository implements AuditRecordRepository {
  private readonly records = new Map<string, ChainedAuditRecord>();
  private readonly positions = new Set<string>();
  // The head of each chain, kept on insert: scanning every record per append made embedded mode quadratic.
  private readonly heads = new Map<string, { seq: number; hash: string }>();
  async exists(eventId: string) {
    return this.records.has(eventId);
  }
  async head(chain: string) {
    const head = this.heads.get(chain);
    return head ? { ...head } : null;
  }
  async insert(record: ChainedAuditRecord) {
    const position = `${record.chain}#${record.seq}`;
    if (this.records.has(record.id) || this.positions.has(position)) return 'taken' as const;
    // A shallow copy, not structuredClone (the largest single cost of embedded mode): the ledger
    // seals a record built for this call from the handler's own copies (pseudonymised data, facets)
    // and keeps no reference to it; reads copy on the way out.
    this.records.set(record.id, { ...record });
    this.positions.add(position);
    if ((this.heads.get(record.chain)?.seq ?? -Infinity) < record.seq) this.heads.set(record.chain, { seq: record.seq, hash: record.hash });
    return 'inserted' as const;
  }
  async bySubject(subject: string) {
    return this.select((r) => r.subject === subject).map(copyOut).sort(byTime);
  }
  async bySubjects(subjects: string[]) {
    const wanted = new Set(subjects);
    return this.select((r) => wanted.has(r.subject)).map(copyOut).sort(byTime);
  }
  async find(query: AuditQuery) {
    return this.select((r) => matches(r, query)).sort(byTime).slice(0, query.limit).map(copyOut);
  }
  async sessionIds(query: AuditQuery) {
    const ids = new Set<string>();
    for (const r of this.select((r) => !!r.facets?.sessionId && matches(r, query)).sort(byTime)) {
      ids.add(r.facets!.sessionId!);
      if (ids.size >= query.limit) break;
    }
    return [...ids];
  }
  async chainsOn(from: string, to: string) {
    return this.select((r) => r.day >= from && r.day <= to).map((r) => plainCopy(r)).sort(byChain);
  }
  /** The stored records that match, not copied (callers copy what they hand out). */
  private select(keep: (r: ChainedAuditRecord) => boolean): ChainedAuditRecord[] {
    const out: ChainedAuditRecord[] = [];
    for (const r of this.records.values()) if (keep(r)) out.push(r);
    return out;
  }
}

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
for (const facet of ['deviceId', 'siteId', 'institutionNumber', 'insurerNumber', 'sessionId']) schema.index({ [`facets.${facet}`]: 1, time: 1 });
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
    return (await this.model.find({ subject }).sort({ time: 1, recordedAt: 1 }).lean<AuditDoc[]>().exec()).map(toRecord).map(strip);
  }
  async bySubjects(subjects: string[]) {
    if (!subjects.length) return [];
    return (await this.model.find({ subject: { $in: subjects } }).sort({ time: 1, recordedAt: 1 }).lean<AuditDoc[]>().exec()).map(toRecord).map(strip);
  }
  async find(query: AuditQuery) {
    return (await this.model.find(filterOf(query)).sort({ time: 1, recordedAt: 1 }).limit(query.limit).lean<AuditDoc[]>().exec()).map(toRecord).map(strip);
  }
  async sessionIds(query: AuditQuery) {
    // Pages through matching records (oldest first) until `limit` distinct sessions are found.
    const ids = new Set<string>();
    const filter = { ...filterOf(query), 'facets.sessionId': query.sessionId ?? { $exists: true } };
    for (let skip = 0; ids.size < query.limit; skip += 500) {
      const page = await this.model.find(filter, { 'facets.sessionId': 1 }).sort({ time: 1, _id: 1 }).skip(skip).limit(500).lean<AuditDoc[]>().exec();
      for (const doc of page) if (ids.size < query.limit) ids.add(doc.facets!.sessionId!);
      if (page.length < 500) break;
    }
    return [...ids];
  }
  async chainsOn(from: string, to: string) {
    return (await this.model.find({ day: { $gte: from, $lte: to } }).sort({ chain: 1, seq: 1 }).lean<AuditDoc[]>().exec()).map(toRecord);
  }
}
