import { hash } from 'node:crypto';
import type { AuditRecord } from './audit-record';

/**
 * Tamper evidence: every audit record holds the hash of the previous record of its chain — one
 * chain per Kafka topic partition per day (UTC) — and its own hash over its whole content. Any
 * change to a stored record breaks its hash; a removed record breaks the sequence; a re-ordered one
 * breaks the link. Pure functions: the repository stores, the ledger appends, the verifier checks.
 */
export interface ChainedAuditRecord extends AuditRecord {
  chain: string;
  day: string;
  seq: number;
  prevHash: string;
  hash: string;
}

export const GENESIS = '';

export function chainOf(record: Pick<AuditRecord, 'topic' | 'partition' | 'recordedAt'>): { chain: string; day: string } {
  const day = record.recordedAt.slice(0, 10);
  return { chain: `${record.topic}/${record.partition}/${day}`, day };
}

/**
 * JSON with object keys sorted at every depth and undefined dropped: the same content, the same
 * bytes. Written as loops over sorted keys with quoted keys remembered: it runs for every audit
 * record, and the entries/filter/map/join version was a top cost of embedded mode. The bytes must
 * never change (stored chains are verified with it); the unit test compares it with the plain form.
 */
export function canonicalJson(value: unknown): string {
  // The pieces are gathered and joined once: appending to a string made a new string (or a cons
  // cell) per piece, and the hash then flattened the result again.
  const parts: string[] = [];
  // JSON.stringify's typing says string; for undefined (or a function) it gives undefined, as here.
  return (write(value, parts) ? parts.join('') : undefined) as string;
}

/** Appends the canonical form of `value` to `parts`; false (nothing appended) when it has no JSON form. */
function write(value: unknown, parts: string[]): boolean {
  if (Array.isArray(value)) {
    parts.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) parts.push(',');
      // As Array#join: an element with no JSON form (undefined, a function) leaves an empty slot.
      write(value[i], parts);
    }
    parts.push(']');
    return true;
  }
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const keys = sortedInPlace(Object.keys(object));
    parts.push('{');
    let first = true;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const v = object[key];
      if (v === undefined) continue;
      parts.push(first ? keyPrefix(key) : commaKeyPrefix(key));
      first = false;
      // A value with no JSON form prints as `undefined`, as the template in the first version did.
      if (!write(v, parts)) parts.push('undefined');
    }
    parts.push('}');
    return true;
  }
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) return false;
  parts.push(json);
  return true;
}

/**
 * The keys in the order `Array#sort` gives strings (UTF-16 code units; keys are distinct), sorted
 * where they are by insertion: an object has a few dozen keys at most, and V8's sort copies every
 * array into a work array first — a visible share of what audit allocated per record.
 */
function sortedInPlace(keys: string[]): string[] {
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

// `"key":` and `,"key":` per field name, made once: field names repeat; arbitrary keys (if any) must
// not grow the caches without bound.
const keyPrefixes = new Map<string, string>();
const commaKeyPrefixes = new Map<string, string>();
function keyPrefix(key: string): string {
  let prefix = keyPrefixes.get(key);
  if (prefix === undefined) {
    prefix = `${JSON.stringify(key)}:`;
    if (keyPrefixes.size < 10_000) keyPrefixes.set(key, prefix);
  }
  return prefix;
}
function commaKeyPrefix(key: string): string {
  let prefix = commaKeyPrefixes.get(key);
  if (prefix === undefined) {
    prefix = `,${keyPrefix(key)}`;
    if (commaKeyPrefixes.size < 10_000) commaKeyPrefixes.set(key, prefix);
  }
  return prefix;
}

export function recordHash(record: Omit<ChainedAuditRecord, 'hash'>): string {
  // A re-encrypted copy of the insurance cipher (key rotation) is outside the chain; undefined fields
  // are left out of the canonical form, so the hash is the one the record was sealed with.
  const hashed = record.rekeyedInsuranceCipher === undefined ? record : { ...record, rekeyedInsuranceCipher: undefined };
  // The one-shot hash: no Hash object per record (it runs for every record appended and verified).
  return hash('sha256', canonicalJson(hashed), 'hex');
}

/** Links a record to the head of its chain. */
export function seal(record: AuditRecord, head: { seq: number; hash: string } | null): ChainedAuditRecord {
  const { chain, day } = chainOf(record);
  // One copy, not two: `hash` is undefined while hashing, which canonicalJson leaves out — the same
  // bytes as hashing the record without the field.
  const sealed: ChainedAuditRecord = {
    ...record,
    chain,
    day,
    seq: (head?.seq ?? 0) + 1,
    prevHash: head?.hash ?? GENESIS,
    hash: undefined as unknown as string,
  };
  sealed.hash = recordHash(sealed);
  return sealed;
}

export interface BrokenLink {
  chain: string;
  seq: number;
  eventId: string;
  problem: 'content-changed' | 'link-broken' | 'record-missing';
}

export interface VerificationReport {
  ok: boolean;
  chains: number;
  records: number;
  firstBroken?: BrokenLink;
}

/** Checks records sorted by chain then seq; names the first broken link. */
export function verifyChains(records: ChainedAuditRecord[]): VerificationReport {
  let chains = 0;
  let previous: ChainedAuditRecord | undefined;
  for (const record of records) {
    const first = previous?.chain !== record.chain;
    if (first) chains++;
    const { hash, ...rest } = record;
    const broken = (problem: BrokenLink['problem']): VerificationReport => ({
      ok: false,
      chains,
      records: records.length,
      firstBroken: { chain: record.chain, seq: record.seq, eventId: record.id, problem },
    });
    if (recordHash(rest) !== hash) return broken('content-changed');
    const expectedSeq = first ? 1 : previous!.seq + 1;
    if (record.seq !== expectedSeq) return broken('record-missing');
    if (record.prevHash !== (first ? GENESIS : previous!.hash)) return broken('link-broken');
    previous = record;
  }
  return { ok: true, chains, records: records.length };
}
