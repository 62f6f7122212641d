import type { Decision, PresentVoucherRequest } from '@hcv/contracts';
import { decideSession, type Session } from '../domain/session.decide';
import type { SessionStore } from '../persistence/session-store';

/** The visitor showed a checkup voucher (受診券) or guidance voucher (利用券): its printed fields. */
export class PresentVoucherHandler {
  constructor(
    private readonly sessions: SessionStore,
    private readonly clock: () => Date,
  ) {}

  execute(sessionId: string, voucher: PresentVoucherRequest, deviceId?: string): Promise<Session> {
    return this.sessions.update(sessionId, (s) => this.decide(s, voucher, deviceId));
  }

  /** The step on a session in hand (a captured visit is decided whole, then stored once). */
  decide(session: Session, voucher: PresentVoucherRequest, deviceId?: string): Decision<Session> {
    return decideSession({ kind: 'present-voucher', voucher, deviceId, at: this.clock() }, session);
  }
}
