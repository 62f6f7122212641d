import type { CardProblemRequest } from '@hcv/contracts';
import { decideSession, type Session } from '../domain/session.decide';
import type { SessionStore } from '../persistence/session-store';

/** The device reports a problem of the card instead of a read; the session stays open for the desk's next step. */
export class ReportCardProblemHandler {
  constructor(
    private readonly sessions: SessionStore,
    private readonly clock: () => Date,
  ) {}

  execute(sessionId: string, command: CardProblemRequest, deviceId?: string): Promise<Session> {
    return this.sessions.update(sessionId, (s) =>
      decideSession({ kind: 'report-card-problem', ...command, deviceId, at: this.clock() }, s),
    );
  }
}
