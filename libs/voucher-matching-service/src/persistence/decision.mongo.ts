import { Schema, type Connection, type Model } from 'mongoose';
import { definedFields, InsertOnceBatches, MongoOutboxStore, outboxSchemaPath, type OutboxEntry } from '@hcv/persistence';
import { SETTLEABLE } from '../domain/voucher-matcher';
import {
  queueOrder,
  type Decision,
  type DecisionRepository,
  type QueuePosition,
  type SettlementQueueQuery,
  type StoredDecision,
} from './decision.repository';

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
// Serves latestOfSession (a settlement reads the session's latest decision) and the queue's "is it the latest" check.
schema.index({ sessionId: 1, decidedAt: -1 });
// Serves the manual-settlement queue: settleable decisions, newest first.
schema.index({ outcome: 1, decidedAt: -1, _id: -1 });

export class MongoDecisionRepository implements DecisionRepository {
  private readonly model: Model<DecisionDoc>;
  readonly outbox: MongoOutboxStore;
  /** The decisions of one consumer batch leave as one insert (a taken id: already decided). */
  private readonly inserts: InsertOnceBatches<DecisionDoc>;
  constructor(connection: Connection) {
    this.model = connection.models.Decision ?? connection.model<DecisionDoc>('Decision', schema);
    // Insert-once: no other writer reads a decision back, so removals of sent entries may linger.
    this.outbox = new MongoOutboxStore(connection, 'decisions', { singleWriter: true });
    this.inserts = new InsertOnceBatches(connection.collection<DecisionDoc>('decisions'));
  }
  async record({ causationId, ...rest }: Decision, events: readonly OutboxEntry[]) {
    // Stored as decided (the schema names every field of a decision; no cast needed).
    return this.inserts.insert({ _id: causationId, ...definedFields(rest), ...(events.length ? { outbox: [...events] } : {}) });
  }
  async latestOfSession(sessionId: string): Promise<StoredDecision | null> {
    const doc = await this.model.findOne({ sessionId }, { outbox: 0 }).sort({ decidedAt: -1, _id: -1 }).lean<DecisionDoc>().exec();
    if (!doc) return null;
    const { _id, outbox: _outbox, ...rest } = doc;
    return { causationId: _id, ...rest } as StoredDecision;
  }
  async needingSettlement(query: SettlementQueueQuery) {
    const page: StoredDecision[] = [];
    let after = query.after;
    // read settleable decisions in queue order, in batches, keeping each that is its session's latest
    for (;;) {
      const filter: Record<string, unknown> = { outcome: { $in: [...SETTLEABLE] } };
      if (query.siteIds) filter['request.siteId'] = { $in: [...query.siteIds] };
      if (after) filter.$or = [{ decidedAt: { $lt: after.decidedAt } }, { decidedAt: after.decidedAt, _id: { $lt: after.causationId } }];
      const batch = await this.model
        .find(filter, { outbox: 0 })
        .sort({ decidedAt: -1, _id: -1 })
        .limit(query.limit + 1)
        .lean<DecisionDoc[]>()
        .exec();
      const candidates = batch.map(({ _id, outbox: _o, ...rest }) => ({ causationId: _id, ...rest }) as StoredDecision);
      const sessions = [...new Set(candidates.map((c) => c.sessionId))];
      const others = await this.model
        .find({ sessionId: { $in: sessions } }, { sessionId: 1, decidedAt: 1 })
        .lean<Pick<DecisionDoc, '_id' | 'sessionId' | 'decidedAt'>[]>()
        .exec();
      const latest = new Map<string, QueuePosition>();
      for (const o of others) {
        const p = { decidedAt: o.decidedAt, causationId: o._id };
        const best = latest.get(o.sessionId);
        if (!best || queueOrder(p, best) < 0) latest.set(o.sessionId, p);
      }
      for (const c of candidates) {
        if (latest.get(c.sessionId)?.causationId !== c.causationId) continue;
        if (page.length === query.limit) return { decisions: page, next: position(page[page.length - 1]!) };
        page.push(c);
      }
      if (batch.length <= query.limit) return { decisions: page };
      after = position(candidates[candidates.length - 1]!);
    }
  }
}

const position = (d: StoredDecision): QueuePosition => ({ decidedAt: d.decidedAt, causationId: d.causationId });
