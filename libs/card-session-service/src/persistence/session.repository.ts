import type { OutboxEntry, OutboxStore } from '@hcv/persistence';
import type { Session } from '../domain/session.decide';

/** The session id is taken (a resent captured session: its id derives from the idempotency key). */
export class SessionExistsError extends Error {
  constructor(readonly sessionId: string) {
    super(`session ${sessionId} exists`);
  }
}

/**
 * The device already has a session holding its slot (one active session per device): the slot is
 * held by the session document itself, from its insert until the write that finishes it.
 */
export class DeviceSlotTakenError extends Error {
  constructor(readonly deviceId: string) {
    super(`device ${deviceId} has an active session`);
  }
}

/** The port of card-session's `sessions` collection: the only code touching it is an adapter of this. */
export interface SessionRepository {
  /** Events staged with a write ride in the session document until the relay sent them. */
  readonly outbox: OutboxStore;
  /**
   * Stores a new session. A session that holds its device's slot (`holdsDeviceSlot`, unfinished)
   * takes it with the same write: DeviceSlotTakenError if another session of the device holds it.
   * With `nonce` (the `deviceId|nonce` of the signed request that opens it), the same write records
   * it, unique across the collection: a nonce already held (by another session's insert, or by
   * `holdNonce`) refuses the insert with the replay error (`replayedNonce`) and stores nothing.
   */
  insert(session: Session, events?: readonly OutboxEntry[], nonce?: string): Promise<void>;
  /**
   * Records the nonce of a request that stored no session and names none (it was refused, or found
   * its session stored already), in the namespace of `insert`'s nonces: false when it is held
   * already (a replay). `atMillis` is when it was received.
   */
  holdNonce(nonce: string, atMillis: number): Promise<boolean>;
  /** The session holding the device's slot, if any (a save that finishes a session frees it). */
  slotHolder(deviceId: string): Promise<Session | null>;
  get(sessionId: string): Promise<Session | null>;
  /**
   * Writes `session` (version + 1) and its events only if the stored version is still `session.version`.
   * With `nonce` (a signed device request's `deviceId|nonce`), the same write records it on the
   * session, and only if the session does not hold it yet: a session that holds it refuses the write
   * with the replay error (`replayedNonce`), whatever its version.
   * `stored`: the session as stored at `session.version`, when the caller has it (what it decided
   * on): an adapter may then write only the fields that changed — the write is conditional on that
   * version, and every write of a session's fields moves it on.
   */
  save(session: Session, events?: readonly OutboxEntry[], nonce?: string, stored?: Session): Promise<Session | null>;
  /**
   * Records a request's nonce on a session without changing it (the request was refused or changed
   * nothing): 'recorded', 'seen' when the session held it already (a replay), 'missing' when there is
   * no such session.
   */
  recordNonce(sessionId: string, nonce: string): Promise<'recorded' | 'seen' | 'missing'>;
  /** Sessions in `states` with no activity since `before` (the timeout sweep). */
  findIdle(states: string[], before: string, limit: number): Promise<Session[]>;
}
