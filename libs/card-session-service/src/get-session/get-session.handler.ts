import { NotFoundError } from '@hcv/domain';
import type { Session } from '../domain/session.decide';
import type { SessionRepository } from '../persistence/session.repository';

/** A device reads one of its sessions; another device's session is not found (its existence is not told). */
export class GetSessionHandler {
  constructor(private readonly sessions: SessionRepository) {}

  async execute(sessionId: string, deviceId: string): Promise<Session> {
    const session = await this.sessions.get(sessionId);
    if (!session || session.deviceId !== deviceId) throw new NotFoundError('session', sessionId);
    return session;
  }
}
