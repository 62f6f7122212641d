import type { PresentVoucherRequest } from '@hcv/contracts';
import { decideSession, type Session } from '../domain/session.decide';
import type { SessionStore } from '../persistence/session-store';

/** The visitor showed a checkup voucher (受診券) or guidance voucher (利用券). */
export class PresentVoucherHandler {
  constructor(
    private readonly sessions: SessionStore,
    private readonly clock: () => Date,
  ) {}

  execute(sessionId: string, command: PresentVoucherRequest, deviceId?: string): Promise<Session> {
    return this.sessions.update(sessionId, (s) =>
      decideSession({ kind: 'present-voucher', voucherNumber: command.voucherNumber, deviceId, at: this.clock() }, s),
    );
  }
}
