import {
  EligibilityRequestedV1,
  QualificationTranscribedV1,
  SessionCardReadV1,
  SessionCompletedV1,
  SessionCompletedV2,
  SessionMethodRecordedV1,
  SessionOpenedV1,
  VerificationOutcomeV1,
  VerificationOutcomeV2,
  type EventEnvelope,
} from '@hcv/contracts';
import { countsNow } from '../read-model/session-merge';
import type { AnalyticsRepository } from './analytics.repository';
import { contributionOf, type SessionFacts } from './outcome-rollup';

/** The events that carry a session's rollup dimensions (the ones factsFrom reads). */
export const ANALYTICS_CONTRACTS = [
  SessionOpenedV1,
  EligibilityRequestedV1,
  SessionCardReadV1,
  SessionMethodRecordedV1,
  QualificationTranscribedV1,
  VerificationOutcomeV1,
  VerificationOutcomeV2,
  SessionCompletedV1,
  SessionCompletedV2,
];

type Data = Record<string, unknown>;
const obj = (v: unknown): Data => (v && typeof v === 'object' ? (v as Data) : {});

/** What each event says about its session's rollup dimensions (no personal field is read). */
export function factsFrom(event: Pick<EventEnvelope, 'type' | 'data'>): Partial<SessionFacts> | null {
  const d = obj(event.data);
  switch (event.type) {
    case 'session.opened':
      return { institutionNumber: d.institutionNumber as string, siteId: d.siteId as string, purpose: d.purpose as string };
    case 'eligibility.requested':
      return { institutionNumber: d.institutionNumber as string, siteId: d.siteId as string, purpose: d.purpose as string, method: 'mynumber-card' };
    case 'session.card-read':
      return { method: 'mynumber-card' };
    case 'session.method-recorded':
      return { method: d.method as string };
    case 'qualification.transcribed': {
      const request = obj(d.request);
      return {
        method: d.method as string,
        transcribed: true,
        purpose: request.purpose as string,
        institutionNumber: request.institutionNumber as string,
        siteId: request.siteId as string,
        insurerNumber: obj(d.eligibility).insurerNumber as string,
      };
    }
    case 'verification.outcome':
      return {
        outcome: d.outcome as string,
        decidedAt: d.decidedAt as string,
        institutionNumber: d.institutionNumber as string,
        siteId: d.siteId as string,
        ...(typeof d.insurerNumber === 'string' ? { insurerNumber: d.insurerNumber } : {}),
      };
    case 'session.completed':
      return { elapsedMillis: d.elapsedMillis as number };
    default:
      return null;
  }
}

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
  }
}
