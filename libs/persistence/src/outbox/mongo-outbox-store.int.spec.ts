import { Schema, type Connection } from 'mongoose';
import { createLogger } from '@hcv/observability';
import { connectTestDatabase, outboxStoreContract, sequencedContract, waitFor, type OutboxTestDoc } from '@hcv/testing';
import { outboxSchemaPath, type OutboxEntry } from './outbox-entry';
import { MongoOutboxStore } from './mongo-outbox-store';
import { insertOnceWithOutbox, pushOutbox, replaceKeepingOutbox } from './mongo-outbox-update';
import { OutboxRelay } from './outbox-relay';

// The outbox's single-document writes on the MongoDB-wire test server (no transactions there): the
// port's cases (outboxStoreContract, also run on the memory store), then what only this store does
// (coalesced round trips, no read-back of the entries a writer hands over).

/** The names of the reads and writes the outbox sends to `collection` from now on (until jest.restoreAllMocks). */
function countRequests(connection: Connection, collectionName: string): string[] {
  const collection = connection.collection(collectionName);
  const requests: string[] = [];
  for (const name of ['find', 'findOne', 'bulkWrite', 'updateOne'] as const) {
    const original = collection[name].bind(collection) as (...args: unknown[]) => unknown;
    jest.spyOn(collection, name).mockImplementation(((...args: unknown[]) => {
      requests.push(name);
      return original(...args);
    }) as never);
  }
  return requests;
}

describe('MongoOutboxStore against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_outbox_store');
  });
  afterAll(async () => db.drop());

  let collections = 0;
  outboxStoreContract('MongoDB store', async () => {
    type Doc = OutboxTestDoc & { _id: string };
    const name = `contract_${++collections}`;
    const model = db.connection.model<Doc>(
      name,
      new Schema<Doc>({ _id: String, state: String, note: String, outbox: outboxSchemaPath }, { collection: name, versionKey: false }),
    );
    return {
      store: new MongoOutboxStore(db.connection, name),
      insertOnce: (id, doc, entries) => insertOnceWithOutbox(model, id, doc, entries),
      replace: async (id, doc, entries) => void (await model.updateOne({ _id: id }, replaceKeepingOutbox(model, doc, entries)).exec()),
      push: async (id, state, entries) => void (await model.updateOne({ _id: id }, { $set: { state }, ...pushOutbox(entries) }).exec()),
      read: async (id) => {
        const doc = await model.findById(id).lean<Doc>().exec();
        if (!doc) return null;
        const { _id, ...fields } = doc;
        return fields;
      },
    };
  });

  const contract = sequencedContract('outbox-mongo');
  const logger = createLogger({ service: 'test', level: 'error' });

  it('dispatches 100 documents at once with coalesced reads and marks: each sends its own entries in order, and every outbox is emptied', async () => {
    type Doc = { _id: string; n: number; outbox?: OutboxEntry[] };
    const model = db.connection.model<Doc>(
      'Many',
      new Schema<Doc>({ _id: String, n: Number, outbox: outboxSchemaPath }, { collection: 'many', versionKey: false }),
    );
    const store = new MongoOutboxStore(db.connection, 'many');
    const sent = new Map<string, number[]>();
    const relay = new OutboxRelay({
      source: 'audit',
      stores: [store],
      logger,
      send: async (_t, m) => {
        const { key, seq } = JSON.parse(m.value).data as { key: string; seq: number };
        sent.set(key, [...(sent.get(key) ?? []), seq]);
      },
    });
    const ids = Array.from({ length: 100 }, (_, i) => `d${i}`);
    await model.insertMany(
      ids.map((id, n) => ({
        _id: id,
        n,
        outbox: [1, 2, 3].map((seq) => relay.stage(contract, { key: id, seq }, { subject: id, correlationId: 'c' })),
      })),
    );
    const requests = countRequests(db.connection, 'many');
    await Promise.all(ids.map((id) => relay.dispatch(store, id)));
    jest.restoreAllMocks();
    expect([...sent.keys()].sort()).toEqual([...ids].sort());
    for (const id of ids) expect(sent.get(id)).toEqual([1, 2, 3]);
    expect(await model.countDocuments({ 'outbox.0': { $exists: true } })).toBe(0);
    // One read and one write per document would be 200 requests; coalesced, a handful.
    expect(requests.length).toBeLessThanOrEqual(10);
    expect(requests.filter((r) => r === 'findOne' || r === 'updateOne')).toEqual([]);
  });

  it('a dispatch given the staged entries sends them without reading the document; after a failed send the older entries still go first', async () => {
    type Doc = { _id: string; state: number; outbox?: OutboxEntry[] };
    const model = db.connection.model<Doc>(
      'Staged',
      new Schema<Doc>({ _id: String, state: Number, outbox: outboxSchemaPath }, { collection: 'staged', versionKey: false }),
    );
    const store = new MongoOutboxStore(db.connection, 'staged');
    const sent: number[] = [];
    let brokerUp = true;
    const relay = new OutboxRelay({
      source: 'audit',
      stores: [store],
      logger,
      graceMillis: 0,
      send: async (_t, m) => {
        if (!brokerUp) throw new Error('broker unreachable');
        sent.push(JSON.parse(m.value).data.seq);
      },
    });
    const stage = (seq: number) => [relay.stage(contract, { key: 's', seq }, { subject: 's', correlationId: 'c' })];
    const requests = countRequests(db.connection, 'staged');
    try {
      const first = stage(1);
      await model.create({ _id: 's', state: 1, outbox: first });
      requests.length = 0;
      await relay.dispatch(store, 's', first);
      expect(sent).toEqual([1]);
      expect(requests).toEqual(['bulkWrite']); // the $pull only: no read-back

      brokerUp = false;
      const second = stage(2);
      await model.updateOne({ _id: 's' }, { $set: { state: 2 }, ...pushOutbox(second) }).exec();
      await relay.dispatch(store, 's', second); // fails: entry 2 stays in the document
      brokerUp = true;
      const third = stage(3);
      await model.updateOne({ _id: 's' }, { $set: { state: 3 }, ...pushOutbox(third) }).exec();
      requests.length = 0;
      await relay.dispatch(store, 's', third);
      expect(sent).toEqual([1, 2, 3]);
      expect(requests).toEqual(['find', 'bulkWrite']); // in doubt: read back
      expect(await store.entriesOf('s')).toEqual([]);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('removals that linger leave as one bulkWrite for every document sent meanwhile; a read-back meanwhile sends nothing again', async () => {
    type Doc = { _id: string; n: number; outbox?: OutboxEntry[] };
    const model = db.connection.model<Doc>(
      'Lingering',
      new Schema<Doc>({ _id: String, n: Number, outbox: outboxSchemaPath }, { collection: 'lingering', versionKey: false }),
    );
    const store = new MongoOutboxStore(db.connection, 'lingering', { singleWriter: true });
    const sent: string[] = [];
    const relay = new OutboxRelay({
      source: 'audit',
      stores: [store],
      logger,
      graceMillis: 0,
      dispatchMode: 'background',
      markLingerMillis: 60_000, // flushed by settled() below
      send: async (_t, m) => void sent.push(`${JSON.parse(m.value).data.key}:${JSON.parse(m.value).data.seq}`),
    });
    const ids = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const requests = countRequests(db.connection, 'lingering');
    try {
      for (const [n, id] of ids.entries()) {
        const entries = [relay.stage(contract, { key: id, seq: 1 }, { subject: id, correlationId: 'c' })];
        await model.create({ _id: id, n, outbox: entries });
        await relay.dispatch(store, id, entries, { created: true });
        await new Promise((r) => setTimeout(r, 2)); // one at a time, as at a low rate
      }
      await waitFor(() => sent.length === ids.length, 5_000, 'the sends');
      expect(requests).toEqual([]); // sent without a read; the removals still linger
      // Another writer's entry on l0: the read-back sends it, and not l0's first entry again.
      const other = [relay.stage(contract, { key: 'l0', seq: 2 }, { subject: 'l0', correlationId: 'c' })];
      await model.updateOne({ _id: 'l0' }, pushOutbox(other)).exec();
      await relay.dispatch(store, 'l0');
      expect(await relay.sweepOnce()).toBe(0);
      await relay.settled();
      expect(sent.filter((s) => s.startsWith('l0:'))).toEqual(['l0:1', 'l0:2']);
      expect(sent.length).toBe(ids.length + 1);
      expect(requests.filter((r) => r === 'bulkWrite').length).toBe(1);
      expect(await model.countDocuments({ 'outbox.0': { $exists: true } })).toBe(0);
    } finally {
      jest.restoreAllMocks();
    }
  });
});
