import { AggregateStore, type Outbox, type OutboxEntry, type OutboxStore } from '@hcv/persistence';
import type { DecisionRecord } from '../domain/voucher-matcher';

/**
 * A matching decision, keyed by the event that asked for it (a settlement by `settlement:<session>`):
 * the outcome, when, and what a settlement needs later — the request with the voucher's key, kind,
 * parts, 窓口負担 and coordinator, never its 記号・番号 nor any other personal data.
 */
export type Decision = DecisionRecord;

/** A stored decision: those written before decisions kept their request carry only the outcome and the time. */
export type StoredDecision = Pick<Decision, 'causationId' | 'sessionId' | 'outcome' | 'decidedAt'> & Partial<Decision>;

/**
 * The only code touching voucher-matching's `decisions` collection: one decision per request
 * event, written once together with the verification.outcome it publishes (transactional outbox).
 * A redelivered request finds its decision and publishes nothing new — the stored event is the
 * relay's to send — so a session never gets two outcomes for one request.
 */
export interface DecisionRepository {
  readonly outbox: OutboxStore;
  /** false (nothing written) if this request was already decided. */
  record(decision: Decision, events: readonly OutboxEntry[]): Promise<boolean>;
  /** The session's latest decision (by decision time), or null when the session has none. */
  latestOfSession(sessionId: string): Promise<StoredDecision | null>;
  /**
   * The manual-settlement queue: decisions that are their session's latest and await a person
   * (needs-manual-check, member-mismatch), newest first, a page after `after` (of `siteIds` only when set).
   */
  needingSettlement(query: SettlementQueueQuery): Promise<{ decisions: StoredDecision[]; next?: QueuePosition }>;
}

/** Where a page of the queue ends: the last decision's time and id. */
export interface QueuePosition {
  decidedAt: string;
  causationId: string;
}

export interface SettlementQueueQuery {
  limit: number;
  after?: QueuePosition;
  siteIds?: readonly string[];
}

/** Newest first, ties by id (descending): the queue's order, the same in memory and in MongoDB. */
export const queueOrder = (a: QueuePosition, b: QueuePosition) =>
  b.decidedAt.localeCompare(a.decidedAt) || b.causationId.localeCompare(a.causationId);
export const isAfter = (d: QueuePosition, after: QueuePosition | undefined) => !after || queueOrder(after, d) < 0;

/**
 * Decisions as a unit of work: `create` writes one decision with its outcome event once per request
 * event (insert-once) and dispatches it; a redelivery writes and sends nothing. Decisions are never
 * changed, so there is nothing to read or update.
 */
export function decisionStore(decisions: DecisionRepository, outbox: Outbox): AggregateStore<Decision> {
  return new AggregateStore<Decision>({
    writes: {
      outbox: decisions.outbox,
      read: async () => null,
      insert: (decision, entries) => decisions.record(decision, entries),
      write: async () => null,
    },
    outbox,
    idOf: (d) => d.causationId,
    // The outcome concerns the session: keyed by it (per-session order), correlated by the caller.
    context: (d) => ({ subject: d.sessionId, correlationId: d.sessionId }),
    missing: (id) => new Error(`decision ${id} is written once and never read back`),
    busy: (id) => new Error(`decision ${id} is written once and never changed`),
  });
}
