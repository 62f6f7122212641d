import { SessionCompletedV2, VerificationOutcomeV1, VerificationOutcomeV2, type EventOf } from '@hcv/contracts';
import type { Outbox } from '@hcv/persistence';
import { complete } from '../sessions/session';
import type { DeviceDirectory } from '../device-directory/device-directory.repository';
import type { RecentSessions } from '../sessions/recent-sessions';
import type { SessionRepository } from '../sessions/session.repository';

/** voucher-matching decided: the session is completed and the device can read the outcome. */
export class RecordOutcomeHandler {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly devices: DeviceDirectory,
    private readonly outbox: Outbox,
    private readonly clock: () => Date,
    private readonly recent: RecentSessions,
  ) {}

  /** v1 events (already on the topic when v2 arrived) and v2 events alike. */
  async handle(event: EventOf<typeof VerificationOutcomeV1> | EventOf<typeof VerificationOutcomeV2>): Promise<void> {
    const { sessionId } = event.data;
    for (let attempt = 0; attempt < 5; attempt++) {
      // The remembered copy is as good as a read: a stale one fails the save below (a finished one is never remembered).
      const current = (attempt === 0 ? this.recent.recall(sessionId) : undefined) ?? (await this.sessions.get(sessionId));
      // Unknown session: a bug upstream or another deployment's event; fail so it is dead-lettered.
      if (!current) throw new Error(`outcome for unknown session ${sessionId}`);
      const now = this.clock();
      const { session, changed } = complete(
        current,
        {
          kind: event.data.outcome,
          reason: event.data.reason,
          ...(event.data.mismatchedField ? { mismatchedField: event.data.mismatchedField } : {}),
          decidedAt: event.data.decidedAt,
        },
        now,
      );
      // A redelivery finds the session completed; its session.completed was stored with the first
      // delivery's write and is the relay's to send.
      if (!changed) return;
      const completed = this.outbox.stage(
        SessionCompletedV2,
        {
          sessionId,
          outcome: event.data.outcome,
          completedAt: now.toISOString(),
          elapsedMillis: now.getTime() - Date.parse(current.openedAt),
        },
        { subject: sessionId, correlationId: event.correlationId, causationId: event.id },
      );
      const saved = await this.sessions.save(session, [completed]);
      if (!saved) {
        this.recent.forget(sessionId);
        continue;
      }
      this.recent.remember(saved);
      // The device is free as soon as the session reads completed (the device polls for that);
      // a captured session never held the slot.
      if (saved.capturedAt === undefined) await this.devices.releaseSession(saved.deviceId, saved.sessionId);
      await this.outbox.dispatch(this.sessions.outbox, sessionId, [completed]);
      return;
    }
    throw new Error(`session ${sessionId} kept changing while recording its outcome`);
  }
}
