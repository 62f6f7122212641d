import { copyWithoutOutbox, InMemoryOutboxStore, storeWithOutbox, withoutOutbox, type OutboxEntry } from '@hcv/persistence';
import { REPLAY_WINDOW_MILLIS, replayedNonce } from '@hcv/platform-access';
import { holdsDeviceSlotNow as holdsSlot, type Session } from '../domain/session.decide';
import { DeviceSlotTakenError, SessionExistsError, type SessionRepository } from './session.repository';

/** The memory twin of the sessions collection (embedded mode, unit specs); the contract proves it equal to MongoDB's. */
export class InMemorySessionRepository implements SessionRepository {
  private readonly sessions = new Map<string, Session>();
  /** The session holding each device's slot. */
  private readonly slots = new Map<string, string>();
  /** The request nonces each session holds (kept beside the document, as MongoDB keeps them in it). */
  private readonly nonces = new Map<string, Set<string>>();
  /** The nonces recorded by inserts (unique over the collection with the markers', as MongoDB's index). */
  private readonly insertNonces = new Set<string>();
  /** The nonces held by `holdNonce`, with when their request was received (pruned as MongoDB's markers). */
  private readonly markers = new Map<string, number>();
  private lastMarkerPrune = 0;
  readonly outbox = new InMemoryOutboxStore('sessions', this.sessions);
  async insert(session: Session, events: readonly OutboxEntry[] = [], nonce?: string) {
    if (nonce && (this.insertNonces.has(nonce) || this.markers.has(nonce))) throw replayedNonce();
    if (this.sessions.has(session.sessionId)) throw new SessionExistsError(session.sessionId);
    if (holdsSlot(session)) {
      if (this.slots.has(session.deviceId)) throw new DeviceSlotTakenError(session.deviceId);
      this.slots.set(session.deviceId, session.sessionId);
    }
    if (nonce) this.insertNonces.add(nonce);
    this.sessions.set(session.sessionId, storeWithOutbox(undefined, session, events));
  }
  async holdNonce(nonce: string, atMillis: number) {
    if (atMillis - this.lastMarkerPrune > REPLAY_WINDOW_MILLIS) {
      this.lastMarkerPrune = atMillis;
      for (const [held, at] of this.markers) if (at < atMillis - 2 * REPLAY_WINDOW_MILLIS) this.markers.delete(held);
    }
    if (this.insertNonces.has(nonce) || this.markers.has(nonce)) return false;
    this.markers.set(nonce, atMillis);
    return true;
  }
  async get(sessionId: string) {
    const s = this.sessions.get(sessionId);
    return s ? copyWithoutOutbox(s) : null;
  }
  async save(session: Session, events: readonly OutboxEntry[] = [], nonce?: string) {
    const stored = this.sessions.get(session.sessionId);
    if (stored && nonce && this.nonces.get(session.sessionId)?.has(nonce)) throw replayedNonce();
    if (!stored || stored.version !== session.version) return null;
    if (nonce) this.remember(session.sessionId, nonce);
    const next = { ...withoutOutbox(session), version: session.version + 1 };
    if (!holdsSlot(next) && this.slots.get(next.deviceId) === next.sessionId) this.slots.delete(next.deviceId);
    this.sessions.set(session.sessionId, storeWithOutbox(stored, next, events));
    // The store keeps its own copy; `next` is new at the top and shares the rest only with the
    // caller's `session` (as the Mongo repository's result does).
    return next;
  }
  async slotHolder(deviceId: string) {
    const id = this.slots.get(deviceId);
    return id ? this.get(id) : null;
  }
  async recordNonce(sessionId: string, nonce: string) {
    if (!this.sessions.has(sessionId)) return 'missing' as const;
    if (this.nonces.get(sessionId)?.has(nonce)) return 'seen' as const;
    this.remember(sessionId, nonce);
    return 'recorded' as const;
  }
  private remember(sessionId: string, nonce: string) {
    const held = this.nonces.get(sessionId) ?? new Set<string>();
    held.add(nonce);
    this.nonces.set(sessionId, held);
  }
  async findIdle(states: string[], before: string, limit: number) {
    return [...this.sessions.values()]
      .filter((s) => states.includes(s.state) && (s.lastActivityAt ?? s.openedAt) < before)
      .slice(0, limit)
      .map((s) => copyWithoutOutbox(s));
  }
}
