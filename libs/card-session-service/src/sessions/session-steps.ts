import { EligibilityRequestedV1, QualificationTranscribedV1, SessionMethodRecordedV1 } from '@hcv/contracts';
import { DomainError, NotFoundError } from '@hcv/domain-errors';
import type { EventPublisher } from '@hcv/messaging';
import type { DeviceDirectory } from '../device-directory/device-directory.repository';
import { afterEligibilityRequested, FINISHED, type Session, type StepResult } from './session';
import type { SessionRepository } from './session.repository';

const MAX_CONFLICT_RETRIES = 5;

/**
 * Applies one step to a session with optimistic concurrency (the card read and the voucher may
 * arrive at the same moment), then — when the step made the session ready — sends the request
 * under the session's own trace and correlation id: an online lookup for a card read, or the
 * transcribed eligibility for an alternative method (which skips the lookup).
 */
export class SessionSteps {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly devices: DeviceDirectory,
    private readonly publisher: EventPublisher,
    private readonly clock: () => Date,
  ) {}

  async apply(
    sessionId: string,
    step: (session: Session) => StepResult,
    announce: (session: Session) => Promise<void>,
    deviceId?: string,
  ): Promise<Session> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const current = await this.sessions.get(sessionId);
      if (!current || (deviceId !== undefined && current.deviceId !== deviceId)) throw new NotFoundError('session', sessionId);
      const result = step(current);
      const saved = await this.sessions.save({ ...result.session, lastActivityAt: this.clock().toISOString() });
      if (!saved) continue; // someone else changed it: read again and re-apply the rule
      await announce(saved);
      if (FINISHED.includes(saved.state)) await this.devices.releaseSession(saved.deviceId, saved.sessionId);
      if (!result.requestEligibility) return saved;
      await this.request(saved);
      return (await this.sessions.save(afterEligibilityRequested(saved))) ?? saved;
    }
    throw new DomainError('session-busy', 'The session is being changed by another request; retry.', 409);
  }

  private async request(session: Session): Promise<void> {
    const ctx = { subject: session.sessionId, correlationId: session.correlationId, traceparent: session.traceparent };
    const echo = {
      sessionId: session.sessionId,
      institutionNumber: session.institutionNumber,
      siteId: session.siteId,
      purpose: session.purpose,
      checkupDate: session.checkupDate,
      voucherNumber: session.voucherNumber!,
    };
    if (session.method && session.method !== 'mynumber-card') {
      const at = this.clock().toISOString();
      await this.publisher.publish(SessionMethodRecordedV1, { sessionId: session.sessionId, method: session.method, capturedAt: session.capturedAt ?? at }, ctx);
      await this.publisher.publish(QualificationTranscribedV1, { request: echo, method: session.method, eligibility: session.transcribed!, transcribedAt: at }, ctx);
      return;
    }
    await this.publisher.publish(EligibilityRequestedV1, { ...echo, deviceId: session.deviceId, cardReference: session.cardReference! }, ctx);
  }
}
