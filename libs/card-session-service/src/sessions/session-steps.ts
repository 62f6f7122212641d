import { EligibilityRequestedV1 } from '@hcv/contracts';
import { DomainError, NotFoundError } from '@hcv/domain-errors';
import type { EventPublisher } from '@hcv/messaging';
import { afterEligibilityRequested, type Session, type StepResult } from './session';
import type { SessionRepository } from './session.repository';

const MAX_CONFLICT_RETRIES = 5;

/**
 * Applies one device step to a session with optimistic concurrency (the card read and the voucher
 * may arrive at the same moment), then — when the step made the session ready — sends the
 * eligibility request under the session's own trace and correlation id.
 */
export class SessionSteps {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly publisher: EventPublisher,
  ) {}

  async apply(
    sessionId: string,
    step: (session: Session) => StepResult,
    announce: (session: Session) => Promise<void>,
  ): Promise<Session> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const current = await this.sessions.get(sessionId);
      if (!current) throw new NotFoundError('session', sessionId);
      const { session, requestEligibility } = step(current);
      const saved = await this.sessions.save(session);
      if (!saved) continue; // someone else changed it: read again and re-apply the rule
      await announce(saved);
      if (!requestEligibility) return saved;
      await this.requestEligibility(saved);
      return (await this.sessions.save(afterEligibilityRequested(saved))) ?? saved;
    }
    throw new DomainError('session-busy', 'The session is being changed by another request; retry.', 409);
  }

  private async requestEligibility(session: Session): Promise<void> {
    await this.publisher.publish(
      EligibilityRequestedV1,
      {
        sessionId: session.sessionId,
        deviceId: session.deviceId,
        institutionNumber: session.institutionNumber,
        siteId: session.siteId,
        purpose: session.purpose,
        checkupDate: session.checkupDate,
        cardReference: session.cardReference!,
        voucherNumber: session.voucherNumber!,
      },
      { subject: session.sessionId, correlationId: session.correlationId, traceparent: session.traceparent },
    );
  }
}
