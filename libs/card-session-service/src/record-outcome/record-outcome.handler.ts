import type { EventOf, VerificationOutcomeV1, VerificationOutcomeV2 } from '@hcv/contracts';
import { decideSession } from '../domain/session.decide';
import type { SessionStore } from '../persistence/session-store';

/** voucher-matching decided: the session is completed and the device can read the outcome. */
export class RecordOutcomeHandler {
  constructor(
    private readonly sessions: SessionStore,
    private readonly clock: () => Date,
  ) {}

  /** v1 events (already on the topic when v2 arrived) and v2 events alike. */
  async handle(event: EventOf<typeof VerificationOutcomeV1> | EventOf<typeof VerificationOutcomeV2>): Promise<void> {
    const { sessionId, outcome: kind, reason, mismatchedField, decidedAt } = event.data;
    const outcome = { kind, reason, ...(mismatchedField ? { mismatchedField } : {}), decidedAt };
    await this.sessions.update(sessionId, (s) => decideSession({ kind: 'record-outcome', outcome, at: this.clock() }, s), {
      // Caused by the outcome event, inside its consumer's trace.
      context: { correlationId: event.correlationId, causationId: event.id, traceparent: undefined },
      // Unknown session: a bug upstream or another deployment's event; fail so it is dead-lettered.
      missing: (id) => new Error(`outcome for unknown session ${id}`),
    });
  }
}
