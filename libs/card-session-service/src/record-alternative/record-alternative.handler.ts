import type { AlternativeMethodRequest, Decision } from '@hcv/contracts';
import { NOTICE_METHOD_VALIDITY, type MethodValidity } from '../domain/method-validity';
import { decideSession, type Session } from '../domain/session.decide';
import type { SessionStore } from '../persistence/session-store';

/**
 * Eligibility shown by an alternative method, transcribed by the operator, within the method's dates
 * (card-session.config.ts). It skips the online lookup; session.method-recorded and qualification.transcribed leave once the voucher is known.
 */
export class RecordAlternativeHandler {
  constructor(
    private readonly sessions: SessionStore,
    private readonly clock: () => Date,
    private readonly methodValidity: MethodValidity = NOTICE_METHOD_VALIDITY,
  ) {}

  execute(sessionId: string, command: AlternativeMethodRequest, deviceId?: string): Promise<Session> {
    return this.sessions.update(sessionId, (s) => this.decide(s, command, deviceId));
  }

  /** The step on a session in hand (a captured visit is decided whole, then stored once). */
  decide(session: Session, command: AlternativeMethodRequest, deviceId?: string): Decision<Session> {
    return decideSession(
      { kind: 'record-alternative', ...command, methodValidity: this.methodValidity, deviceId, at: this.clock() },
      session,
    );
  }
}
