import { Schema, type Connection, type Model, type mongo } from 'mongoose';
import {
  changesKeepingOutbox,
  isDuplicateKeyError,
  MongoOutboxStore,
  outboxSchemaPath,
  replaceKeepingOutbox,
  withoutOutbox,
  type OutboxEntry,
  type OutboxStore,
} from '@hcv/persistence';
import { REPLAY_WINDOW_MILLIS, replayedNonce } from '@hcv/platform-access';
import { holdsDeviceSlotNow as holdsSlot, type Session } from '../domain/session.decide';
import { DeviceSlotTakenError, SessionExistsError, type SessionRepository } from './session.repository';

/**
 * `requestNonces`: the nonces of the signed device requests that acted on the session (replay
 * protection; see SessionRepository.save). Not a schema path, so a save's replace never unsets it,
 * and never read into a Session.
 */
type SessionDoc = Omit<Session, 'sessionId'> & {
  _id: string;
  outbox?: OutboxEntry[];
  requestNonces?: string[];
  slot?: string;
  /** The nonce of the signed request that inserted the session (or of a `holdNonce` marker). */
  insertNonce?: string;
  /** When a `holdNonce` marker's request was received (markers only: sessions have no such field). */
  heldAt?: number;
};

/** The `_id` of the marker that holds a nonce for a request that stored no session. */
const NONCE_MARKER = 'nonce:';

const schema = new Schema<SessionDoc>(
  {
    _id: String,
    deviceId: { type: String, required: true },
    // Exactly one of the two: an institution's session, or one on an insurer's own device.
    institutionNumber: String,
    onlineEligibilityCode: String,
    siteId: { type: String, required: true },
    purpose: { type: String, required: true },
    checkupDate: { type: String, required: true },
    state: { type: String, required: true },
    correlationId: { type: String, required: true },
    traceparent: String,
    openedAt: { type: String, required: true },
    pinFailures: { type: Number, required: true },
    pinFailureCard: String,
    identityCheck: String,
    checkedBy: String,
    afterPinLock: Boolean,
    cardReference: String,
    // What the national app showed: only until the eligibility request left. Every field a session may
    // drop must be declared here, or a save would not unset it.
    reported: { type: Schema.Types.Mixed, default: undefined },
    // 既存型: the query for the site's 資格確認端末, only until the eligibility request left.
    terminalQuery: { type: Schema.Types.Mixed, default: undefined },
    cardProblem: { type: Schema.Types.Mixed, default: undefined },
    identityVerification: { type: Schema.Types.Mixed, default: undefined },
    stopId: String,
    withoutVoucher: Boolean,
    linkedSessionId: String,
    // The voucher as presented (記号・番号 only until the eligibility request left).
    voucher: { type: Schema.Types.Mixed, default: undefined },
    // Sessions stored before the voucher carried its printed fields: the number alone, read as it is.
    voucherNumber: String,
    // SessionOutcome: v1/v2-era documents hold kind, reason, mismatchedField and decidedAt only.
    outcome: { type: Schema.Types.Mixed, default: undefined },
    settlementRequest: { type: Schema.Types.Mixed, default: undefined },
    method: String,
    transcribed: { type: Schema.Types.Mixed, default: undefined },
    capturedAt: String,
    idempotencyKey: String,
    lastActivityAt: String,
    cancellation: { _id: false, by: String, reason: String, at: String },
    completedAt: String,
    version: { type: Number, required: true },
    outbox: outboxSchemaPath,
  },
  { collection: 'sessions', versionKey: false },
);
// Serves the operations question "what is this device doing now".
schema.index({ deviceId: 1, state: 1 });
// Serves findIdle: the timeout sweep over sessions waiting for their device.
schema.index({ state: 1, lastActivityAt: 1 });
// One active session per device: `slot` (the device id) is set by the insert of a session that holds
// the device's slot and removed by the save that finishes it. Not a schema path, so a save's replace
// keeps it; sparse, so the sessions without one (finished, captured) are not indexed.
schema.index({ slot: 1 }, { unique: true, sparse: true });
// Replay protection for the requests that insert a session (open, captured): the request's nonce is
// recorded by the insert itself, unique over the collection, so a replay is refused by the same
// write, whichever session it would create. A request that stores nothing holds its nonce in a
// marker document (`_id` "nonce:…", no session fields: no query over sessions matches it).
schema.index({ insertNonce: 1 }, { unique: true, sparse: true });
// Serves the pruning of markers older than twice the replay window (sparse: only markers have it).
schema.index({ heldAt: 1 }, { sparse: true });

const toSession = ({
  _id,
  outbox: _outbox,
  requestNonces: _nonces,
  slot: _slot,
  insertNonce: _insertNonce,
  ...rest
}: SessionDoc): Session => ({
  sessionId: _id,
  ...rest,
});

/** The fields of a stored session, without the undefined ones (the driver would store them as null). */
function definedFields(session: Omit<Session, 'sessionId'>): Omit<SessionDoc, '_id'> {
  return Object.fromEntries(Object.entries(withoutOutbox(session)).filter(([, v]) => v !== undefined)) as unknown as Omit<
    SessionDoc,
    '_id'
  >;
}

export class MongoSessionRepository implements SessionRepository {
  private readonly model: Model<SessionDoc>;
  // The hot path (insert, read, conditional save) goes to the driver's collection: sessions are
  // built by the rules from typed values, so mongoose's casting and document building would only
  // cost CPU. The model keeps the schema and its indexes.
  private readonly collection;
  private lastMarkerPrune = 0;
  readonly outbox: OutboxStore;
  constructor(connection: Connection) {
    this.model = connection.models.Session ?? connection.model<SessionDoc>('Session', schema);
    this.collection = connection.collection<SessionDoc>('sessions');
    // The removal after a session's last write lingers and leaves with the next removal (OutboxRelay.lingers).
    this.outbox = new MongoOutboxStore(connection, 'sessions', { lingerFinished: true });
  }
  async insert({ sessionId, ...rest }: Session, events: readonly OutboxEntry[] = [], nonce?: string) {
    try {
      await this.collection.insertOne({
        _id: sessionId,
        ...definedFields(rest),
        ...(holdsSlot(rest) ? { slot: rest.deviceId } : {}),
        ...(nonce ? { insertNonce: nonce } : {}),
        ...(events.length ? { outbox: [...events] } : {}),
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // A replay first (it may also meet its own session's slot or id): only this rare case reads.
      if (nonce && (await this.collection.countDocuments({ insertNonce: nonce }, { limit: 1 }))) throw replayedNonce();
      // The id taken is the session's own; otherwise the slot's (the device has an active session).
      if (holdsSlot(rest) && !(await this.collection.countDocuments({ _id: sessionId }, { limit: 1 })))
        throw new DeviceSlotTakenError(rest.deviceId);
      throw new SessionExistsError(sessionId);
    }
  }
  async get(sessionId: string) {
    if (sessionId.startsWith(NONCE_MARKER)) return null;
    // The pending outbox entries are the relay's business: not read here.
    const doc = await this.collection.findOne({ _id: sessionId }, { projection: { outbox: 0, requestNonces: 0, insertNonce: 0 } });
    return doc ? toSession(doc) : null;
  }
  async save(session: Session, events: readonly OutboxEntry[] = [], nonce?: string, stored?: Session) {
    const { sessionId, outbox: _outbox, ...next } = session as Session & { outbox?: unknown };
    next.version = session.version + 1;
    // The session's fields become `next`'s (sessionId is the _id, the outbox the relay's). Known as
    // stored (the write is conditional on its version, which every write of its fields moves on):
    // only what changed is written; otherwise every field is.
    const update = (
      stored && stored.version === session.version && stored.sessionId === sessionId
        ? changesKeepingOutbox(stored, next, events, 'sessionId')
        : replaceKeepingOutbox(this.model, next, events)
    ) as { $push?: Record<string, unknown>; $unset?: Record<string, ''> };
    // The save that finishes a session frees its device's slot.
    if (!holdsSlot(next)) (update.$unset ??= {}).slot = '';
    if (nonce) (update.$push ??= {}).requestNonces = nonce;
    const result = await this.collection.updateOne(
      { _id: sessionId, version: session.version, ...(nonce ? { requestNonces: { $ne: nonce } } : {}) },
      update as mongo.UpdateFilter<SessionDoc>,
    );
    if (result.modifiedCount === 1) return { sessionId, ...next } as Session;
    // Not written: changed meanwhile, or it holds the nonce (a replay) — only this rare case reads.
    if (nonce && (await this.collection.countDocuments({ _id: sessionId, requestNonces: nonce }, { limit: 1 }))) throw replayedNonce();
    return null;
  }
  async holdNonce(nonce: string, atMillis: number) {
    // A request older than the replay window is refused by its timestamp, so its marker can go.
    if (atMillis - this.lastMarkerPrune > REPLAY_WINDOW_MILLIS) {
      this.lastMarkerPrune = atMillis;
      await this.collection.deleteMany({ heldAt: { $lt: atMillis - 2 * REPLAY_WINDOW_MILLIS } });
    }
    try {
      await this.collection.insertOne({ _id: `${NONCE_MARKER}${nonce}`, insertNonce: nonce, heldAt: atMillis } as unknown as SessionDoc);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
  async slotHolder(deviceId: string) {
    const doc = await this.collection.findOne({ slot: deviceId }, { projection: { outbox: 0, requestNonces: 0, insertNonce: 0 } });
    return doc ? toSession(doc) : null;
  }
  async recordNonce(sessionId: string, nonce: string) {
    if (sessionId.startsWith(NONCE_MARKER)) return 'missing' as const;
    const result = await this.collection.updateOne({ _id: sessionId }, { $addToSet: { requestNonces: nonce } });
    if (result.matchedCount === 0) return 'missing' as const;
    return result.modifiedCount === 1 ? ('recorded' as const) : ('seen' as const);
  }
  async findIdle(states: string[], before: string, limit: number) {
    return (
      await this.model
        .find({ state: { $in: states as SessionDoc['state'][] }, lastActivityAt: { $lt: before } })
        .limit(limit)
        .lean<SessionDoc[]>()
        .exec()
    ).map(toSession);
  }
}
