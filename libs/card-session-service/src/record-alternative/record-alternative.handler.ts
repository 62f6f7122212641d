import type { AlternativeMethodRequest } from '@hcv/contracts';
import { decideSession, type Session } from '../domain/session.decide';
import type { SessionStore } from '../persistence/session-store';

/**
 * Eligibility shown by an alternative method, transcribed by the operator. It skips the online
 * lookup; session.method-recorded and qualification.transcribed leave once the voucher is known.
 */
export class RecordAlternativeHandler {
  constructor(
    private readonly sessions: SessionStore,
    private readonly clock: () => Date,
  ) {}

  execute(sessionId: string, command: AlternativeMethodRequest, deviceId?: string): Promise<Session> {
    return this.sessions.update(sessionId, (s) => decideSession({ kind: 'record-alternative', ...command, deviceId, at: this.clock() }, s));
  }
}
