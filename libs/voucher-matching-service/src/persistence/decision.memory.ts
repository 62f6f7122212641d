import { plainCopy } from '@hcv/messaging';
import { InMemoryOutboxStore, storeWithOutbox, withoutOutbox, type OutboxEntry } from '@hcv/persistence';
import type { Decision, DecisionRepository, StoredDecision } from './decision.repository';

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
}
