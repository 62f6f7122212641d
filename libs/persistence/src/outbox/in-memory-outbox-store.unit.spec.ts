import { outboxStoreContract, type OutboxTestDoc } from '@hcv/testing';
import { copyWithoutOutbox, InMemoryOutboxStore, storeWithOutbox } from './in-memory-outbox-store';

// The memory twin (embedded mode): a repository's map, written with storeWithOutbox. The same cases
// run on MongoDB in mongo-outbox-store.int.spec.ts.
outboxStoreContract('memory store', async () => {
  const docs = new Map<string, OutboxTestDoc>();
  return {
    store: new InMemoryOutboxStore('things', docs),
    insertOnce: async (id, doc, entries) => {
      if (docs.has(id)) return false;
      docs.set(id, storeWithOutbox(undefined, doc, entries));
      return true;
    },
    replace: async (id, doc, entries) => void docs.set(id, storeWithOutbox(docs.get(id), doc, entries)),
    push: async (id, state, entries) => {
      const stored = docs.get(id)!;
      docs.set(id, storeWithOutbox(stored, { ...copyWithoutOutbox(stored), state }, entries));
    },
    read: async (id) => {
      const doc = docs.get(id);
      return doc ? { ...doc } : null;
    },
  };
});
