import { SessionVoucherPresentedV1, type PresentVoucherRequest } from '@hcv/contracts';
import type { Outbox } from '@hcv/persistence';
import { recordVoucher, type Session } from '../sessions/session';
import type { SessionSteps } from '../sessions/session-steps';

/** The visitor showed a checkup voucher (受診券) or guidance voucher (利用券). */
export class PresentVoucherHandler {
  constructor(
    private readonly steps: SessionSteps,
    private readonly outbox: Outbox,
  ) {}

  execute(sessionId: string, command: PresentVoucherRequest, deviceId?: string): Promise<Session> {
    return this.steps.apply(
      sessionId,
      (session) => recordVoucher(session, command.voucherNumber),
      (session) => [
        this.outbox.stage(
          SessionVoucherPresentedV1,
          { sessionId, voucherNumber: command.voucherNumber },
          { subject: sessionId, correlationId: session.correlationId, traceparent: session.traceparent },
        ),
      ],
      deviceId,
    );
  }
}
