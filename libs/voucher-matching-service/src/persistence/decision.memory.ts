import { plainCopy } from '@hcv/messaging';
import { InMemoryOutboxStore, storeWithOutbox, withoutOutbox, type OutboxEntry } from '@hcv/persistence';
import { SETTLEABLE } from '../domain/voucher-matcher';
import {
  isAfter,
  queueOrder,
  type Decision,
  type DecisionRepository,
  type SettlementQueueQuery,
  type StoredDecision,
} from './decision.repository';

/** Decisions in a map (embedded mode, unit specs); the same contract as MongoDecisionRepository. */
export class InMemoryDecisionRepository implements DecisionRepository {
  private readonly decisions = new Map<string, Decision>();
  readonly outbox = new InMemoryOutboxStore('decisions', this.decisions);
  async record(decision: Decision, events: readonly OutboxEntry[]) {
    if (this.decisions.has(decision.causationId)) return false;
    this.decisions.set(decision.causationId, storeWithOutbox(undefined, decision, events));
    return true;
  }
  async latestOfSession(sessionId: string): Promise<StoredDecision | null> {
    const latest = [...this.decisions.values()]
      .filter((d) => d.sessionId === sessionId)
      .reduce<Decision | null>((best, d) => (!best || d.decidedAt >= best.decidedAt ? d : best), null);
    return latest ? plainCopy(withoutOutbox(latest)) : null;
  }
  async needingSettlement(query: SettlementQueueQuery) {
    const latest = new Map<string, Decision>();
    for (const d of this.decisions.values()) {
      const best = latest.get(d.sessionId);
      if (!best || queueOrder(d, best) < 0) latest.set(d.sessionId, d);
    }
    const waiting = [...latest.values()]
      .filter((d) => SETTLEABLE.includes(d.outcome) && (!query.siteIds || query.siteIds.includes(d.request?.siteId)))
      .filter((d) => isAfter(d, query.after))
      .sort(queueOrder);
    const page = waiting.slice(0, query.limit).map((d) => plainCopy(withoutOutbox(d)));
    const last = page[page.length - 1];
    return {
      decisions: page,
      ...(waiting.length > query.limit && last ? { next: { decidedAt: last.decidedAt, causationId: last.causationId } } : {}),
    };
  }
}
