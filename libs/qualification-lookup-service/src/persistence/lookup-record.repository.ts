import { AggregateStore, type Outbox, type OutboxEntry, type OutboxStore } from '@hcv/persistence';
import type { LookupRecord } from '../domain/lookup-record.decide';

export type { LookupRecord };

/** A session's lookup record, written once with its events (adapters: `.mongo.ts`, `.memory.ts`). */
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

/**
 * Lookup records as a unit of work: `create` stores a session's answer with its event once
 * (insert-once) and dispatches it; a second answer for the session writes and sends nothing.
 */
export function lookupRecordStore(records: LookupRecordRepository, outbox: Outbox): AggregateStore<LookupRecord> {
  return new AggregateStore<LookupRecord>({
    writes: {
      outbox: records.outbox,
      read: (id) => records.get(id),
      insert: (record, entries) => records.save(record, entries),
      write: async () => null,
    },
    outbox,
    idOf: (r) => r.sessionId,
    context: (r) => ({ subject: r.sessionId, correlationId: r.sessionId }),
    missing: (id) => new Error(`no lookup record for session ${id}`),
    busy: (id) => new Error(`the lookup record of session ${id} is written once and never changed`),
  });
}
