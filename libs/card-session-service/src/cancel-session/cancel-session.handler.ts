import { SessionCancelledV1, type CancelSessionRequest } from '@hcv/contracts';
import type { EventPublisher } from '@hcv/messaging';
import { cancel, type Session } from '../sessions/session';
import type { SessionSteps } from '../sessions/session-steps';

/** The operator cancels a session (the visitor left, a wrong voucher…); the device is free again. */
export class CancelSessionHandler {
  constructor(
    private readonly steps: SessionSteps,
    private readonly publisher: EventPublisher,
    private readonly clock: () => Date,
  ) {}

  execute(sessionId: string, command: CancelSessionRequest, deviceId?: string): Promise<Session> {
    const at = this.clock();
    return this.steps.apply(
      sessionId,
      (session) => ({ session: cancel(session, command, at), requestEligibility: false }),
      async (session) => {
        await this.publisher.publish(
          SessionCancelledV1,
          { sessionId, by: command.by, reason: command.reason, at: at.toISOString() },
          { subject: sessionId, correlationId: session.correlationId, traceparent: session.traceparent },
        );
      },
      deviceId,
    );
  }
}
