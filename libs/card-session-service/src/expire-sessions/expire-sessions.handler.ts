import { decideSession, WAITING_FOR_DEVICE } from '../domain/session.decide';
import type { SessionRepository } from '../persistence/session.repository';
import type { SessionStore } from '../persistence/session-store';

/** Sessions looked at per sweep at most; the rest wait for the next sweep. */
export const EXPIRY_SWEEP_LIMIT = 500;

/** Expires abandoned sessions (nothing from the device for `timeoutMillis`) and frees their device. */
export class ExpireSessionsHandler {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly store: SessionStore,
    private readonly clock: () => Date,
    private readonly timeoutMillis: number,
  ) {}

  /** One sweep: the ids of the sessions it expired. */
  async sweep(): Promise<string[]> {
    const now = this.clock();
    const expired: string[] = [];
    const idle = await this.sessions.findIdle(
      WAITING_FOR_DEVICE,
      new Date(now.getTime() - this.timeoutMillis).toISOString(),
      EXPIRY_SWEEP_LIMIT,
    );
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
