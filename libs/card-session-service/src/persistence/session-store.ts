import { DomainError, NotFoundError } from '@hcv/domain';
import { AggregateStore, type AggregateWrites, type Outbox } from '@hcv/persistence';
import type { DeviceDirectory } from './device-directory.repository';
import { releasesDeviceSlot, type Session } from '../domain/session.decide';
import type { RecentSessions } from './recent-sessions';
import type { SessionRepository } from './session.repository';

/** The unit of work over sessions: every session step is `update(sessionId, decide)` on it. */
export type SessionStore = AggregateStore<Session>;

/** The repository's writes as the unit of work uses them (the version check is the repository's). */
function sessionWrites(sessions: SessionRepository): AggregateWrites<Session> {
  return {
    outbox: sessions.outbox,
    read: (id) => sessions.get(id),
    insert: async (session, entries) => (await sessions.insert(session, entries), true),
    write: (current, next, entries) => sessions.save({ ...next, version: current.version }, entries),
  };
}

/**
 * A session's events carry its own trace and correlation id (one verification is one trace); a
 * session that finishes frees its device's slot once stored (the device polls for that).
 */
export function sessionStore(sessions: SessionRepository, devices: DeviceDirectory, outbox: Outbox, recent: RecentSessions): SessionStore {
  return new AggregateStore<Session>({
    writes: sessionWrites(sessions),
    outbox,
    idOf: (s) => s.sessionId,
    context: (s) => ({ subject: s.sessionId, correlationId: s.correlationId, traceparent: s.traceparent }),
    missing: (id) => new NotFoundError('session', id),
    busy: () => new DomainError('session-busy', 'The session is being changed by another request; retry.', 409),
    afterCommit: async (after, before) => {
      if (releasesDeviceSlot(after, before)) await devices.releaseSession(after.deviceId, after.sessionId);
    },
    recent,
  });
}
