import type {
  EventOf,
  SessionOutcome,
  VerificationOutcomeV1,
  VerificationOutcomeV2,
  VerificationOutcomeV3,
  VerificationOutcomeV4,
} from '@hcv/contracts';
import { decideSession } from '../domain/session.decide';
import type { SessionStore } from '../persistence/session-store';

type OutcomeEvent =
  | EventOf<typeof VerificationOutcomeV1>
  | EventOf<typeof VerificationOutcomeV2>
  | EventOf<typeof VerificationOutcomeV3>
  | EventOf<typeof VerificationOutcomeV4>;

/**
 * The outcome as the device reads it: v3's (and v4's) sentences, source, 窓口負担 and coverage, first use and
 * settlement (who and when; the insurer contact and the staff's reason stay with the decision); the
 * kind, reason and field only for v1/v2 events.
 */
export function sessionOutcomeOf(event: OutcomeEvent): SessionOutcome {
  const { outcome: kind, reason, mismatchedField, decidedAt } = event.data;
  const base: SessionOutcome = { kind, reason, ...(mismatchedField ? { mismatchedField } : {}), decidedAt };
  if (event.version !== 3 && event.version !== 4) return base;
  // v4 is v3 naming the operator (an insurer running checkups itself, or an institution).
  const d = (event as EventOf<typeof VerificationOutcomeV3> | EventOf<typeof VerificationOutcomeV4>).data;
  return {
    ...base,
    reasonJa: d.reasonJa,
    verifiedOnline: d.verifiedOnline,
    source: d.source,
    method: d.method,
    comparedSources: d.comparedSources,
    ...(d.differences ? { differences: d.differences } : {}),
    ...(d.collect ? { collect: d.collect } : {}),
    ...(d.covers ? { covers: d.covers } : {}),
    ...(d.firstUse ? { firstUse: d.firstUse } : {}),
    ...(d.settlement ? { settlement: { kind: d.settlement.kind, by: d.settlement.by, at: d.settlement.at } } : {}),
  };
}

/** voucher-matching decided: the session is completed and the device can read the outcome. */
export class RecordOutcomeHandler {
  constructor(
    private readonly sessions: SessionStore,
    private readonly clock: () => Date,
  ) {}

  /** v1 and v2 events (already on the topic when v3 arrived) and v3 events alike. */
  async handle(event: OutcomeEvent): Promise<void> {
    const outcome = sessionOutcomeOf(event);
    await this.sessions.update(event.data.sessionId, (s) => decideSession({ kind: 'record-outcome', outcome, at: this.clock() }, s), {
      // Caused by the outcome event, inside its consumer's trace.
      context: { correlationId: event.correlationId, causationId: event.id, traceparent: undefined },
      // Unknown session: a bug upstream or another deployment's event; fail so it is dead-lettered.
      missing: (id) => new Error(`outcome for unknown session ${id}`),
    });
  }
}
