import { DomainError, NotFoundError } from '@hcv/domain';
import { AggregateStore, type AggregateStoreOptions, type AggregateWrites, type Outbox, type UpdateOptions } from '@hcv/persistence';
import { pendingNonce, type PendingNonce, type PendingNonceFallback } from '@hcv/platform-access';
import type { Decision } from '@hcv/contracts';
import { FINISHED, type Session } from '../domain/session.decide';
import type { RecentSessions } from './recent-sessions';
import type { SessionRepository } from './session.repository';

/** The unit of work over sessions: every session step is `update(sessionId, decide)` on it. */
export type SessionStore = SessionAggregateStore;

/** How a request's nonce is kept on the session it acted on (SessionRepository.save). */
export const nonceKey = (p: Pick<PendingNonce, 'deviceId' | 'nonce'>) => `${p.deviceId}|${p.nonce}`;

/**
 * The repository's writes as the unit of work uses them (the version check is the repository's).
 * A write of the session a signed device request acts on carries the request's pending nonce
 * (@NonceRecordedByWrite routes): the replay check costs no round trip of its own.
 */
function sessionWrites(sessions: SessionRepository): AggregateWrites<Session> {
  return {
    outbox: sessions.outbox,
    read: (id) => sessions.get(id),
    insert: async (session, entries) => {
      // The request that inserts a session (open, captured) records its nonce with the insert.
      const nonce = pendingNonce();
      const carried = nonce?.target === undefined ? nonce : undefined;
      await sessions.insert(session, entries, carried && nonceKey(carried));
      if (carried) carried.recorded = true;
      return true;
    },
    write: async (current, next, entries) => {
      const nonce = pendingNonce();
      const carried = nonce?.target === current.sessionId ? nonce : undefined;
      // `current` is what the write is conditional on (its version): the adapter writes only what changed.
      const stored = await sessions.save({ ...next, version: current.version }, entries, carried && nonceKey(carried), current);
      if (stored && carried) carried.recorded = true;
      return stored;
    },
  };
}

/** The session store: an update made for a signed device request names the session the request acts on. */
export class SessionAggregateStore extends AggregateStore<Session> {
  constructor(
    options: AggregateStoreOptions<Session>,
    private readonly sessions: Pick<SessionRepository, 'slotHolder'>,
  ) {
    super(options);
  }
  /** The session holding the device's slot (its insert took it; the write that finished it freed it). */
  slotHolder(deviceId: string): Promise<Session | null> {
    return this.sessions.slotHolder(deviceId);
  }
  override update(id: string, decide: (state: Session) => Decision<Session>, options?: UpdateOptions): Promise<Session> {
    const nonce = pendingNonce();
    if (nonce && nonce.target === undefined) nonce.target = id;
    return super.update(id, decide, options);
  }
}

/**
 * Where a pending nonce goes when the request's own write did not record it (it was refused, or
 * changed nothing): on the session it acted on, else (no such session, or refused before it named
 * one) beside the nonces of the inserts (`holdNonce`), so that a refused open replayed once it could
 * succeed is still refused by its insert.
 */
export function sessionNonceFallback(sessions: SessionRepository): PendingNonceFallback {
  return {
    record: async (p) => {
      if (p.target !== undefined) {
        const on = await sessions.recordNonce(p.target, nonceKey(p));
        if (on !== 'missing') return on === 'recorded';
      }
      return sessions.holdNonce(nonceKey(p), p.atMillis);
    },
  };
}

/** A session's events carry its own trace and correlation id (one verification is one trace). */
export function sessionStore(sessions: SessionRepository, outbox: Outbox, recent: RecentSessions): SessionStore {
  return new SessionAggregateStore(
    {
      writes: sessionWrites(sessions),
      outbox,
      idOf: (s) => s.sessionId,
      context: (s) => ({ subject: s.sessionId, correlationId: s.correlationId, traceparent: s.traceparent }),
      missing: (id) => new NotFoundError('session', id),
      busy: () => new DomainError('session-busy', 'The session is being changed by another request; retry.', 409),
      recent,
      // A finished session is not written again by the platform's own flow (a late settlement or
      // identity step is a person's act, seconds later): its last events' removal may linger.
      finished: (s) => FINISHED.includes(s.state),
    },
    sessions,
  );
}
