import type { OutboxEntry } from '@hcv/persistence';
import type { Session } from '../domain/session.decide';
import type { SessionRepository } from '../persistence/session.repository';

type Listener = () => void;

/**
 * In-process notice that a session changed, for the streams of this replica: a change this
 * replica stored is pushed at once; a change stored by another replica is found by the stream's
 * periodic re-read.
 */
export class SessionChanges {
  private readonly listeners = new Map<string, Set<Listener>>();

  /** Calls `listener` after each change of the session stored here; returns the unsubscribe. */
  subscribe(sessionId: string, listener: Listener): () => void {
    let set = this.listeners.get(sessionId);
    if (!set) this.listeners.set(sessionId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size && this.listeners.get(sessionId) === set) this.listeners.delete(sessionId);
    };
  }

  changed(sessionId: string): void {
    const set = this.listeners.get(sessionId);
    // A copy: a listener may unsubscribe while they are called. Most writes have no stream open.
    if (set) for (const listener of [...set]) listener();
  }

  /** How many sessions have a stream open here (for tests and leaks). */
  get watched(): number {
    return this.listeners.size;
  }
}

/** The session repository, telling `changes` after every write it stored. */
export function notifyingSessionRepository(sessions: SessionRepository, changes: SessionChanges): SessionRepository {
  return {
    get outbox() {
      return sessions.outbox;
    },
    insert: async (session: Session, events?: readonly OutboxEntry[], nonce?: string) => {
      await sessions.insert(session, events, nonce);
      changes.changed(session.sessionId);
    },
    get: (sessionId) => sessions.get(sessionId),
    slotHolder: (deviceId) => sessions.slotHolder(deviceId),
    save: async (session: Session, events?: readonly OutboxEntry[], nonce?: string, stored?: Session) => {
      const saved = await sessions.save(session, events, nonce, stored);
      if (saved) changes.changed(session.sessionId);
      return saved;
    },
    recordNonce: (sessionId, nonce) => sessions.recordNonce(sessionId, nonce),
    holdNonce: (nonce, atMillis) => sessions.holdNonce(nonce, atMillis),
    findIdle: (states, before, limit) => sessions.findIdle(states, before, limit),
  };
}
