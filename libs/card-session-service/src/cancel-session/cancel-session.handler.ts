import { SessionCancelledV1, type CancelSessionRequest } from '@hcv/contracts';
import type { Outbox } from '@hcv/persistence';
import { cancel, type Session } from '../sessions/session';
import type { SessionSteps } from '../sessions/session-steps';

/** The operator cancels a session (the visitor left, a wrong voucher…); the device is free again. */
export class CancelSessionHandler {
  constructor(
    private readonly steps: SessionSteps,
    private readonly outbox: Outbox,
    private readonly clock: () => Date,
  ) {}

  execute(sessionId: string, command: CancelSessionRequest, deviceId?: string): Promise<Session> {
    const at = this.clock();
    return this.steps.apply(
      sessionId,
      (session) => ({ session: cancel(session, command, at), requestEligibility: false }),
      (session) => [
        this.outbox.stage(
          SessionCancelledV1,
          { sessionId, by: command.by, reason: command.reason, at: at.toISOString() },
          { subject: sessionId, correlationId: session.correlationId, traceparent: session.traceparent },
        ),
      ],
      deviceId,
    );
  }
}
