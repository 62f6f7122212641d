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
  /** Writes `session` (version + 1) and its events only if the stored version is still `session.version`. */
  save(session: Session, events?: readonly OutboxEntry[]): Promise<Session | null>;
  /** Sessions in `states` with no activity since `before` (the timeout sweep). */
  findIdle(states: string[], before: string, limit: number): Promise<Session[]>;
}
