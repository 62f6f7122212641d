import { InMemoryOutboxStore, storeWithOutbox, type OutboxEntry } from '@hcv/persistence';
import type { Decision, DecisionRepository } from './decision.repository';

/** Decisions in a map (embedded mode, unit specs); the same contract as MongoDecisionRepository. */
export class InMemoryDecisionRepository implements DecisionRepository {
  private readonly decisions = new Map<string, Decision>();
  readonly outbox = new InMemoryOutboxStore('decisions', this.decisions);
  async record(decision: Decision, events: readonly OutboxEntry[]) {
    if (this.decisions.has(decision.causationId)) return false;
    this.decisions.set(decision.causationId, storeWithOutbox(undefined, decision, events));
    return true;
  }
}
