import type { CancelSessionRequest } from '@hcv/contracts';
import { decideSession, type Session } from '../domain/session.decide';
import type { SessionStore } from '../persistence/session-store';

/** The operator cancels a session (the visitor left, a wrong voucher…); the device is free again. */
export class CancelSessionHandler {
  constructor(
    private readonly sessions: SessionStore,
    private readonly clock: () => Date,
  ) {}

  execute(sessionId: string, command: CancelSessionRequest, deviceId?: string): Promise<Session> {
    const at = this.clock();
    return this.sessions.update(sessionId, (s) =>
      decideSession({ kind: 'cancel', by: command.by, reason: command.reason, deviceId, at }, s),
    );
  }
}
