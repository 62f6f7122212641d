import { decideSession, WAITING_FOR_DEVICE } from '../domain/session.decide';
import type { SessionRepository } from '../sessions/session.repository';
import type { SessionStore } from '../sessions/session-store';

/** Expires abandoned sessions (nothing from the device for `timeoutMillis`) and frees their device. */
export class SessionExpiry {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly store: SessionStore,
    private readonly clock: () => Date,
    private readonly timeoutMillis: number,
  ) {}

  async sweep(): Promise<string[]> {
    const now = this.clock();
    const expired: string[] = [];
    const idle = await this.sessions.findIdle(WAITING_FOR_DEVICE, new Date(now.getTime() - this.timeoutMillis).toISOString(), 500);
    for (const { sessionId } of idle) {
      let expiredHere = false;
      // A session changed meanwhile is decided again on its fresh state: it is no longer idle.
      await this.store.update(sessionId, (s) => {
        const decision = decideSession({ kind: 'expire', timeoutMillis: this.timeoutMillis, at: now }, s);
        expiredHere = decision.events.length > 0;
        return decision;
      });
      if (expiredHere) expired.push(sessionId);
    }
    return expired;
  }
}
