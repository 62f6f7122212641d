import { SessionCardReadV1, type CardReadRequest } from '@hcv/contracts';
import type { Outbox } from '@hcv/persistence';
import { recordCardRead, type Session } from '../sessions/session';
import type { SessionSteps } from '../sessions/session-steps';

/** The reader read the My Number card and the holder was confirmed by PIN or visual check. */
export class SubmitCardReadHandler {
  constructor(
    private readonly steps: SessionSteps,
    private readonly outbox: Outbox,
    private readonly clock: () => Date,
  ) {}

  execute(sessionId: string, command: CardReadRequest, deviceId?: string): Promise<Session> {
    return this.steps.apply(
      sessionId,
      (session) => recordCardRead(session, command),
      (session) => {
        if (session.state === 'opened' || session.state === 'card-locked') return []; // a PIN failure: nothing read
        return [
          this.outbox.stage(
            SessionCardReadV1,
            { sessionId, identityCheck: command.identityCheck, readAt: session.capturedAt ?? this.clock().toISOString() },
            { subject: sessionId, correlationId: session.correlationId, traceparent: session.traceparent },
          ),
        ];
      },
      deviceId,
    );
  }
}
