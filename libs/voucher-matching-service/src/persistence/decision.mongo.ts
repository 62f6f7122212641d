import { Schema, type Connection, type Model } from 'mongoose';
import { insertOnceWithOutbox, MongoOutboxStore, outboxSchemaPath, type OutboxEntry, type OutboxStore } from '@hcv/persistence';
import type { Decision, DecisionRepository, StoredDecision } from './decision.repository';

type DecisionDoc = Omit<Decision, 'causationId'> & { _id: string; outbox?: OutboxEntry[] };
const mixed = { type: Schema.Types.Mixed, default: undefined };
const schema = new Schema<DecisionDoc>(
  {
    _id: String,
    sessionId: String,
    outcome: String,
    decidedAt: String,
    request: mixed,
    source: String,
    method: String,
    verifiedOnline: Boolean,
    comparedSources: { type: [String], default: undefined },
    insurerNumber: String,
    contractId: String,
    collect: mixed,
    covers: mixed,
    settlement: mixed,
    outbox: outboxSchemaPath,
  },
  { collection: 'decisions', versionKey: false },
);
// Serves latestOfSession (a settlement reads the session's latest decision).
schema.index({ sessionId: 1, decidedAt: -1 });

export class MongoDecisionRepository implements DecisionRepository {
  private readonly model: Model<DecisionDoc>;
  readonly outbox: OutboxStore;
  constructor(connection: Connection) {
    this.model = connection.models.Decision ?? connection.model<DecisionDoc>('Decision', schema);
    this.outbox = new MongoOutboxStore(connection, 'decisions');
  }
  record({ causationId, ...rest }: Decision, events: readonly OutboxEntry[]) {
    return insertOnceWithOutbox(this.model, causationId, rest, events);
  }
  async latestOfSession(sessionId: string): Promise<StoredDecision | null> {
    const doc = await this.model.findOne({ sessionId }, { outbox: 0 }).sort({ decidedAt: -1, _id: -1 }).lean<DecisionDoc>().exec();
    if (!doc) return null;
    const { _id, outbox: _outbox, ...rest } = doc;
    return { causationId: _id, ...rest } as StoredDecision;
  }
}
