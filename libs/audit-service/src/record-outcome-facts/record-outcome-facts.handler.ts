import { ALL_EVENT_CONTRACTS, type EventEnvelope } from '@hcv/contracts';
import { countsNow } from '@hcv/domain';
import { contributionOf, factsFrom, settledIn, type SessionFacts } from '../domain/outcome-rollup';
import type { AnalyticsRepository } from '../persistence/analytics.repository';

/** The event types that carry a session's rollup dimensions (the ones factsFrom reads). */
export const ANALYTICS_EVENT_TYPES = [
  'session.opened',
  'eligibility.requested',
  'session.card-read',
  'session.method-recorded',
  'qualification.transcribed',
  'verification.outcome',
  'session.completed',
] as const;

/**
 * Every registered version of those types: factsFrom reads fields every version carries, so a new
 * version of one of these events is counted without touching this list (a list of versions here
 * once left the newer ones out, and the rollups empty).
 */
export const ANALYTICS_CONTRACTS = ALL_EVENT_CONTRACTS.filter((c) => (ANALYTICS_EVENT_TYPES as readonly string[]).includes(c.type));

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

/** Gathers a session's facts; once it is decided and complete, counts it into its cell exactly once. */
export class RecordOutcomeFactsHandler {
  constructor(private readonly analytics: AnalyticsRepository) {}

  async handle(event: EventEnvelope): Promise<void> {
    const patch = factsFrom(event);
    const sessionId = obj(event.data).sessionId ?? obj(obj(event.data).request).sessionId;
    if (!patch || typeof sessionId !== 'string') return;
    for (const k of Object.keys(patch) as (keyof SessionFacts)[]) if (patch[k] === undefined) delete patch[k];
    const merge = await this.analytics.mergeFacts(sessionId, patch, event.id);
    // Only the event that completes the facts counts the session (and a redelivery of any event):
    // after that, every later event of the session would be a no-op update of its cell.
    const contribution = contributionOf(merge.after);
    if (contribution && countsNow(merge, (facts) => contributionOf(facts) !== null)) await this.analytics.apply(sessionId, contribution);
    // after the apply: the settle is conditional on the cell counting the session, in whichever order
    // the settlement and the facts completing the session arrived
    const settled = settledIn(merge.after);
    if (settled && countsNow(merge, (facts) => settledIn(facts) !== null)) await this.analytics.settle(sessionId, settled);
  }
}
