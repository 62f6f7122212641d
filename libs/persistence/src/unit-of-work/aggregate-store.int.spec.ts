import { Schema, type Connection, type Model } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { isDuplicateKeyError } from '../duplicate-key';
import { outboxSchemaPath, withoutOutbox, type WithOutbox } from '../outbox/outbox-entry';
import { MongoOutboxStore } from '../outbox/mongo-outbox-store';
import { insertOnceWithOutbox, replaceKeepingOutbox } from '../outbox/mongo-outbox-update';
import type { AggregateWrites } from './aggregate-store';
import { aggregateStoreContract, counterExists, type Counter } from './aggregate-store.contract';

type CounterDoc = Omit<Counter, 'id'> & { _id: string } & WithOutbox;

/** Counters as a repository would store them on MongoDB: one document, its outbox inside, a version check. */
function mongoCounterWrites(model: Model<CounterDoc>, outbox: MongoOutboxStore, insertOnce: boolean): AggregateWrites<Counter> {
  const toCounter = ({ _id, ...rest }: CounterDoc): Counter => ({ id: _id, ...(withoutOutbox(rest) as Omit<Counter, 'id'>) });
  return {
    outbox,
    read: async (id) => {
      const doc = await model.findById(id).lean<CounterDoc>().exec();
      return doc ? toCounter(doc) : null;
    },
    insert: async ({ id, ...fields }, entries) => {
      if (insertOnce) return insertOnceWithOutbox(model, id, fields, entries);
      try {
        await model.create({ _id: id, ...fields, ...(entries.length ? { outbox: [...entries] } : {}) });
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) throw counterExists(id);
        throw error;
      }
    },
    write: async (current, next, entries) => {
      const { id, ...fields } = { ...next, version: current.version + 1 };
      const result = await model
        .updateOne({ _id: current.id, version: current.version }, replaceKeepingOutbox(model, fields, entries))
        .exec();
      return result.matchedCount === 1 ? { id, ...fields } : null;
    },
  };
}

describe('the unit of work on the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  let model: Model<CounterDoc>;
  beforeAll(async () => {
    db = await connectTestDatabase('int_unit_of_work');
    model = db.connection.model<CounterDoc>(
      'Counter',
      new Schema<CounterDoc>(
        { _id: String, count: Number, version: Number, outbox: outboxSchemaPath },
        { collection: 'counters', versionKey: false },
      ),
    );
  });
  afterAll(async () => db.drop());

  aggregateStoreContract('MongoDB writes', async ({ insertOnce }) => ({
    writes: mongoCounterWrites(model, new MongoOutboxStore(db.connection, 'counters'), insertOnce ?? false),
    overwrite: async ({ id, ...fields }) => void (await model.updateOne({ _id: id }, { $set: fields }).exec()),
  }));
});
