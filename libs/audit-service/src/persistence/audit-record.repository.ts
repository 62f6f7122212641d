import type { AuditFacets, AuditQuery, AuditRecord } from '../domain/audit-record';
import type { ChainedAuditRecord } from '../domain/hash-chain';

/** Append-only storage of hash-chained records: inserted once, never updated by the service. */
export interface AuditRecordRepository {
  exists(eventId: string): Promise<boolean>;
  /** The last record of a chain (its head), or null for a new chain. */
  head(chain: string): Promise<{ seq: number; hash: string } | null>;
  /** 'taken' when the event id or the chain position is already stored (the ledger tells which). */
  insert(record: ChainedAuditRecord): Promise<'inserted' | 'taken'>;
  /**
   * Several records in order (one chain's run, sealed one after another), stored in one request that
   * stops at the first refused: each answers 'inserted', 'taken' (as for insert), or 'not-tried'
   * (after a refused one; the ledger links it again). Absent: the ledger inserts one at a time.
   */
  insertRun?(records: readonly ChainedAuditRecord[]): Promise<InsertRunResult[]>;
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

export type InsertRunResult = 'inserted' | 'taken' | 'not-tried';

/** The facets a query may filter on (each indexed in MongoDB). */
export const FACETS = [
  'sessionId',
  'deviceId',
  'siteId',
  'institutionNumber',
  'insurerNumber',
] as const satisfies readonly (keyof AuditFacets)[];

/** A stored record without its chain fields: what the repository hands out. */
export const withoutChain = ({ chain: _c, day: _d, seq: _s, prevHash: _p, hash: _h, ...record }: ChainedAuditRecord): AuditRecord => record;
