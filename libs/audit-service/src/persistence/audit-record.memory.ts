import { plainCopy } from '@hcv/messaging';
import type { AuditQuery, AuditRecord } from '../domain/audit-record';
import type { ChainedAuditRecord } from '../domain/hash-chain';
import { FACETS, withoutChain, type AuditRecordRepository, type InsertRunResult } from './audit-record.repository';

const byTime = (a: AuditRecord, b: AuditRecord) => a.time.localeCompare(b.time) || a.recordedAt.localeCompare(b.recordedAt);
const byChain = (a: ChainedAuditRecord, b: ChainedAuditRecord) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : a.seq - b.seq);
/** A record as handed out: without its chain fields, and a copy (the caller may change it). */
const copyOut = (r: ChainedAuditRecord): AuditRecord => plainCopy(withoutChain(r));
const matches = (r: AuditRecord, q: AuditQuery) =>
  (!q.type || r.type === q.type) &&
  (!q.from || r.time >= q.from) &&
  (!q.to || r.time < q.to) &&
  FACETS.every((f) => !q[f] || r.facets?.[f] === q[f]);

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
  async insertRun(records: readonly ChainedAuditRecord[]) {
    const results: InsertRunResult[] = [];
    let refused = false;
    for (const record of records) {
      const result: InsertRunResult = refused ? 'not-tried' : await this.insert(record);
      refused ||= result !== 'inserted';
      results.push(result);
    }
    return results;
  }
  async bySubject(subject: string) {
    return this.select((r) => r.subject === subject)
      .map(copyOut)
      .sort(byTime);
  }
  async bySubjects(subjects: string[]) {
    const wanted = new Set(subjects);
    return this.select((r) => wanted.has(r.subject))
      .map(copyOut)
      .sort(byTime);
  }
  async find(query: AuditQuery) {
    return this.select((r) => matches(r, query))
      .sort(byTime)
      .slice(0, query.limit)
      .map(copyOut);
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
    return this.select((r) => r.day >= from && r.day <= to)
      .map((r) => plainCopy(r))
      .sort(byChain);
  }
  /** The stored records that match, not copied (callers copy what they hand out). */
  private select(keep: (r: ChainedAuditRecord) => boolean): ChainedAuditRecord[] {
    const out: ChainedAuditRecord[] = [];
    for (const r of this.records.values()) if (keep(r)) out.push(r);
    return out;
  }
}
