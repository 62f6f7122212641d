import { Schema, type Connection, type Model } from 'mongoose';
import type { Session } from './session';

/** The only code touching card-session's `sessions` collection. */
export interface SessionRepository {
  insert(session: Session): Promise<void>;
  get(sessionId: string): Promise<Session | null>;
  /** Writes `session` (version + 1) only if the stored version is still `session.version`. */
  save(session: Session): Promise<Session | null>;
}

export class InMemorySessionRepository implements SessionRepository {
  private readonly sessions = new Map<string, Session>();
  async insert(session: Session) {
    this.sessions.set(session.sessionId, structuredClone(session));
  }
  async get(sessionId: string) {
    const s = this.sessions.get(sessionId);
    return s ? structuredClone(s) : null;
  }
  async save(session: Session) {
    const stored = this.sessions.get(session.sessionId);
    if (!stored || stored.version !== session.version) return null;
    const next = { ...structuredClone(session), version: session.version + 1 };
    this.sessions.set(session.sessionId, next);
    return structuredClone(next);
  }
}

type SessionDoc = Omit<Session, 'sessionId'> & { _id: string };

const schema = new Schema<SessionDoc>(
  {
    _id: String,
    deviceId: { type: String, required: true },
    institutionNumber: { type: String, required: true },
    siteId: { type: String, required: true },
    purpose: { type: String, required: true },
    checkupDate: { type: String, required: true },
    state: { type: String, required: true },
    correlationId: { type: String, required: true },
    traceparent: String,
    openedAt: { type: String, required: true },
    pinFailures: { type: Number, required: true },
    identityCheck: String,
    cardReference: String,
    voucherNumber: String,
    outcome: { _id: false, kind: String, reason: String, mismatchedField: String, decidedAt: String },
    completedAt: String,
    version: { type: Number, required: true },
  },
  { collection: 'sessions', versionKey: false },
);
// Serves the operations question "what is this device doing now" (one active session per device, issue 3).
schema.index({ deviceId: 1, state: 1 });

const toSession = ({ _id, ...rest }: SessionDoc): Session => ({ sessionId: _id, ...rest });

export class MongoSessionRepository implements SessionRepository {
  private readonly model: Model<SessionDoc>;
  constructor(connection: Connection) {
    this.model = connection.models.Session ?? connection.model<SessionDoc>('Session', schema);
  }
  async insert({ sessionId, ...rest }: Session) {
    await this.model.create({ _id: sessionId, ...rest });
  }
  async get(sessionId: string) {
    const doc = await this.model.findById(sessionId).lean<SessionDoc>().exec();
    return doc ? toSession(doc) : null;
  }
  async save(session: Session) {
    const { sessionId, ...rest } = session;
    const next = { ...rest, version: session.version + 1 };
    const result = await this.model.replaceOne({ _id: sessionId, version: session.version }, next).exec();
    return result.modifiedCount === 1 ? { sessionId, ...next } : null;
  }
}
