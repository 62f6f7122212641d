import type { SettlementRequestRequest } from '@hcv/contracts';
import { decideSession, type Session } from '../domain/session.decide';
import type { SessionStore } from '../persistence/session-store';

/**
 * The device asks the federation's desk to settle its session's member-mismatch or
 * needs-manual-check (精算依頼): recorded once on the session and announced
 * (session.settlement-requested); asking again answers the session as it is.
 */
export class RequestSettlementHandler {
  constructor(
    private readonly sessions: SessionStore,
    private readonly clock: () => Date,
  ) {}

  execute(sessionId: string, command: SettlementRequestRequest, deviceId?: string): Promise<Session> {
    return this.sessions.update(sessionId, (s) => decideSession({ kind: 'request-settlement', ...command, deviceId, at: this.clock() }, s));
  }
}
