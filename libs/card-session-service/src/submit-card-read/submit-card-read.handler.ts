import type { CardReadRequest } from '@hcv/contracts';
import { decideSession, type Session } from '../domain/session.decide';
import type { SessionStore } from '../persistence/session-store';

/** The reader read the My Number card and the holder was confirmed by PIN or visual check. */
export class SubmitCardReadHandler {
  constructor(
    private readonly sessions: SessionStore,
    private readonly clock: () => Date,
  ) {}

  execute(sessionId: string, command: CardReadRequest, deviceId?: string): Promise<Session> {
    return this.sessions.update(sessionId, (s) => decideSession({ kind: 'read-card', ...command, deviceId, at: this.clock() }, s));
  }
}
