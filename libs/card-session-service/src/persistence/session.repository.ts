import type { OutboxEntry, OutboxStore } from '@hcv/persistence';
import type { Session } from '../domain/session.decide';

/** The session id is taken (a resent captured session: its id derives from the idempotency key). */
export class SessionExistsError extends Error {
  constructor(readonly sessionId: string) {
    super(`session ${sessionId} exists`);
  }
}

/** The port of card-session's `sessions` collection: the only code touching it is an adapter of this. */
export interface SessionRepository {
  /** Events staged with a write ride in the session document until the relay sent them. */
  readonly outbox: OutboxStore;
  insert(session: Session, events?: readonly OutboxEntry[]): Promise<void>;
  get(sessionId: string): Promise<Session | null>;
  /**
   * Writes `session` (version + 1) and its events only if the stored version is still `session.version`.
   * With `nonce` (a signed device request's `deviceId|nonce`), the same write records it on the
   * session, and only if the session does not hold it yet: a session that holds it refuses the write
   * with the replay error (`replayedNonce`), whatever its version.
   */
  save(session: Session, events?: readonly OutboxEntry[], nonce?: string): Promise<Session | null>;
  /**
   * Records a request's nonce on a session without changing it (the request was refused or changed
   * nothing): 'recorded', 'seen' when the session held it already (a replay), 'missing' when there is
   * no such session.
   */
  recordNonce(sessionId: string, nonce: string): Promise<'recorded' | 'seen' | 'missing'>;
  /** Sessions in `states` with no activity since `before` (the timeout sweep). */
  findIdle(states: string[], before: string, limit: number): Promise<Session[]>;
}
