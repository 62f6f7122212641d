import { EligibilityRequestedV1, QualificationTranscribedV1, SessionMethodRecordedV1 } from '@hcv/contracts';
import { DomainError, NotFoundError } from '@hcv/domain-errors';
import type { Outbox, OutboxEntry } from '@hcv/persistence';
import type { DeviceDirectory } from '../device-directory/device-directory.repository';
import { afterEligibilityRequested, FINISHED, type Session, type StepResult } from './session';
import type { RecentSessions } from './recent-sessions';
import type { SessionRepository } from './session.repository';

const MAX_CONFLICT_RETRIES = 5;

/**
 * Applies one step to a session with optimistic concurrency (the card read and the voucher may
 * arrive at the same moment). The events announcing the step — and, when the step made the session
 * ready, the request under the session's own trace and correlation id (an online lookup for a card
 * read, or the transcribed eligibility for an alternative method, which skips the lookup) — are
 * staged in the same document write (transactional outbox), then sent.
 */
export class SessionSteps {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly devices: DeviceDirectory,
    private readonly outbox: Outbox,
    private readonly clock: () => Date,
    private readonly recent: RecentSessions,
  ) {}

  async apply(
    sessionId: string,
    step: (session: Session) => StepResult,
    announce: (session: Session) => OutboxEntry[],
    deviceId?: string,
  ): Promise<Session> {
    let remembered = this.recent.recall(sessionId);
    for (let conflicts = 0; conflicts < MAX_CONFLICT_RETRIES; ) {
      const current = remembered ?? (await this.sessions.get(sessionId));
      if (!current || (deviceId !== undefined && current.deviceId !== deviceId)) throw new NotFoundError('session', sessionId);
      let result: StepResult;
      try {
        result = step(current);
      } catch (error) {
        if (!remembered) throw error;
        // Refused on the remembered copy: ask again on the stored session before refusing.
        this.recent.forget(sessionId);
        remembered = undefined;
        continue;
      }
      remembered = undefined;
      const next = { ...result.session, lastActivityAt: this.clock().toISOString() };
      const events = [...announce(next), ...(result.requestEligibility ? this.request(next) : [])];
      // The request carries the card reference; the stored session no longer needs it.
      const saved = await this.sessions.save(result.requestEligibility ? afterEligibilityRequested(next) : next, events);
      if (!saved) {
        // Someone else changed it: read again and re-apply the rule (events staged anew).
        this.recent.forget(sessionId);
        conflicts++;
        continue;
      }
      this.recent.remember(saved);
      if (events.length) await this.outbox.dispatch(this.sessions.outbox, saved.sessionId, events);
      // A captured session never held the device's slot (see OpenSessionHandler): nothing to release.
      if (FINISHED.includes(saved.state) && saved.capturedAt === undefined) await this.devices.releaseSession(saved.deviceId, saved.sessionId);
      return saved;
    }
    throw new DomainError('session-busy', 'The session is being changed by another request; retry.', 409);
  }

  private request(session: Session): OutboxEntry[] {
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
      return [
        this.outbox.stage(SessionMethodRecordedV1, { sessionId: session.sessionId, method: session.method, capturedAt: session.capturedAt ?? at }, ctx),
        this.outbox.stage(QualificationTranscribedV1, { request: echo, method: session.method, eligibility: session.transcribed!, transcribedAt: at }, ctx),
      ];
    }
    return [this.outbox.stage(EligibilityRequestedV1, { ...echo, deviceId: session.deviceId, cardReference: session.cardReference! }, ctx)];
  }
}
