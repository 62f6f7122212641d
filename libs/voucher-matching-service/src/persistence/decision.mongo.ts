import { Schema, type Connection, type Model } from 'mongoose';
import { insertOnceWithOutbox, MongoOutboxStore, outboxSchemaPath, type OutboxEntry, type OutboxStore } from '@hcv/persistence';
import type { Decision, DecisionRepository } from './decision.repository';

type DecisionDoc = Omit<Decision, 'causationId'> & { _id: string; outbox?: OutboxEntry[] };
const schema = new Schema<DecisionDoc>(
  { _id: String, sessionId: String, outcome: String, decidedAt: String, outbox: outboxSchemaPath },
  { collection: 'decisions', versionKey: false },
);

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
}
