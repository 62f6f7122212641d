import type { SessionMerge } from '@hcv/domain';
import type { RollupCell, RollupContribution, SessionFacts } from '../domain/outcome-rollup';

/**
 * Incremental rollup storage. Session facts gather as events arrive; a session is applied to its
 * cell once — the cell remembers the sessions it counted, and the conditional single-document
 * update makes a redelivered or concurrently handled event a no-op (no transactions needed).
 */
export interface AnalyticsRepository {
  /** Adds an event's facts (and its id, to tell a redelivery) in one update; see SessionMerge. */
  mergeFacts(sessionId: string, patch: Partial<SessionFacts>, eventId: string): Promise<SessionMerge<SessionFacts>>;
  apply(sessionId: string, contribution: RollupContribution): Promise<'applied' | 'already-applied'>;
  /** Counts a session already applied to its cell as settled, once (a repeat, or a cell not counting it yet, changes nothing). */
  settle(sessionId: string, contribution: RollupContribution): Promise<'settled' | 'already-settled'>;
  /** Cells of the JST days `from`..`to`, optionally of one site, sorted by their key. */
  cells(from: string, to: string, siteId?: string): Promise<RollupCell[]>;
}

const cellOrder = (c: RollupCell) =>
  [c.day, c.institutionNumber, c.onlineEligibilityCode ?? '-', c.siteId, c.insurerNumber, c.method, c.purpose, c.source, c.outcome].join(
    '|',
  );
/** The order cells() answers in, whatever the store. */
export const byCellKey = (a: RollupCell, b: RollupCell) => cellOrder(a).localeCompare(cellOrder(b));
