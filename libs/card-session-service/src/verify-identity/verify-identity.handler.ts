import type { IdentityVerifiedRequest } from '@hcv/contracts';
import { decideSession, type Session } from '../domain/session.decide';
import type { SessionStore } from '../persistence/session-store';

/** 人間ドック: staff verified the visitor's identity with the My Number card itself; recorded with who did it. */
export class VerifyIdentityHandler {
  constructor(
    private readonly sessions: SessionStore,
    private readonly clock: () => Date,
  ) {}

  execute(sessionId: string, command: IdentityVerifiedRequest, deviceId?: string): Promise<Session> {
    return this.sessions.update(sessionId, (s) => decideSession({ kind: 'verify-identity', ...command, deviceId, at: this.clock() }, s));
  }
}
