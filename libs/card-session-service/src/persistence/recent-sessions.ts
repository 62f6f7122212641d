import { AgedEntries } from './aged-entries';
import { FINISHED, type Session } from '../domain/session.decide';

/** Sessions remembered at most (about 1 kB each): far more than the sessions in flight on one instance. */
export const RECENT_SESSION_LIMIT = 5_000;
/** A session untouched this long is read from the store again (it was probably abandoned). */
export const RECENT_SESSION_MAX_AGE_MILLIS = 120_000;

/**
 * The unfinished sessions this process wrote last, as written. A session's next step (card read,
 * voucher, outcome) usually reaches the same process moments after the previous one, and would
 * otherwise read back what this process has just written. Serving that copy is safe because every
 * write is conditional on the version it read: a copy made stale by another writer (another
 * instance, the expiry sweep) fails its save, and the caller applies the step again to a fresh
 * read. A rule that refuses a remembered copy is also asked again with a fresh read, so no refusal
 * is ever based on a stale copy. Copies are frozen: the session rules build new objects.
 */
export class RecentSessions {
  private readonly entries: AgedEntries<Session>;

  constructor(options: { limit?: number; maxAgeMillis?: number; now?: () => number } = {}) {
    this.entries = new AgedEntries({
      limit: options.limit ?? RECENT_SESSION_LIMIT,
      maxAgeMillis: options.maxAgeMillis ?? RECENT_SESSION_MAX_AGE_MILLIS,
      now: options.now,
    });
  }

  /** The copy this process wrote last, if recent; undefined means "read the store". */
  recall(sessionId: string): Session | undefined {
    return this.entries.get(sessionId);
  }

  /** After a successful write: a finished session needs no next step, so it is dropped instead. */
  remember(session: Session): void {
    if (FINISHED.includes(session.state)) this.entries.delete(session.sessionId);
    else this.entries.set(session.sessionId, Object.freeze({ ...session }));
  }

  /** After a failed conditional write, or a refusal of the remembered copy. */
  forget(sessionId: string): void {
    this.entries.delete(sessionId);
  }

  get size(): number {
    return this.entries.size;
  }
}
