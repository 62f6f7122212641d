import { Schema } from 'mongoose';
import { isoOfMillis } from '@hcv/domain';
import type { RawMessage } from '@hcv/messaging';

/**
 * One event waiting to be sent, stored in the same document as the state change it announces (the
 * test server has no transactions, so the outbox must ride on the single-document write). The
 * envelope is serialised at write time: its event id is fixed, so a re-send after a crash is the
 * same event and consumers deduplicate it.
 */
export interface OutboxEntry {
  eventId: string;
  topic: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
  /** ISO time of the write; the relay's sweep only takes entries older than its grace period. */
  stagedAt: string;
}

/** A document that may carry pending events. */
export interface WithOutbox {
  outbox?: OutboxEntry[];
}

/** A collection whose documents carry outboxes; the relay drains it. */
export interface OutboxStore {
  /** Collection name, for logs. */
  readonly name: string;
  /** Ids of documents holding an entry staged at or before `stagedBefore`, oldest first where cheap. */
  pending(stagedBefore: string, limit: number): Promise<string[]>;
  /** The pending entries of one document, in the order they were staged. */
  entriesOf(id: string): Promise<OutboxEntry[]>;
  /** Removes sent entries (by event id) from one document; entries staged meanwhile stay. */
  markSent(id: string, eventIds: string[]): Promise<void>;
  /**
   * The same removal for several documents in one request (MongoDB: one bulkWrite). A store that
   * offers it has the relay gather its removals for a while (`markLingerMillis`) instead of one
   * request per sent document; a store without it (memory; a MongoDB collection whose documents
   * several writers change, where another writer's read-back would send the entries again) has each
   * removal made at once.
   */
  markSentMany?(marks: readonly { id: string; eventIds: string[] }[]): Promise<void>;
  /**
   * With `markSentMany`, for a collection whose documents several writers (or instances) change:
   * only the removal after a document's last write lingers (`DispatchOptions.finished`); every
   * other removal leaves at once (another writer's read-back would send its entries again) and
   * takes the lingering ones with it.
   */
  readonly lingersOnlyFinished?: boolean;
}

/** The mongoose schema path for a document's outbox (entries are stored as written). */
export const outboxSchemaPath = { type: [Schema.Types.Mixed], default: undefined } as const;

export function toOutboxEntry(message: RawMessage & { topic: string; eventId: string }, at?: Date): OutboxEntry {
  return {
    eventId: message.eventId,
    topic: message.topic,
    key: message.key,
    value: message.value,
    headers: message.headers,
    stagedAt: isoOfMillis(at ? at.getTime() : Date.now()),
  };
}

/** The domain object without its outbox (the outbox is the repository's business, not the rule's). */
export function withoutOutbox<T extends object>(doc: T): Omit<T, 'outbox'> {
  const { outbox: _outbox, ...rest } = doc as T & WithOutbox;
  return rest;
}
