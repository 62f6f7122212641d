import { aggregateStoreContract, counterExists, type Counter } from './aggregate-store.contract.spec';
import { InMemoryAggregateWrites } from './in-memory-aggregate-writes';

// The memory twin (embedded mode, unit specs); the same cases run on MongoDB in aggregate-store.int.spec.ts.
aggregateStoreContract('memory twin', async ({ insertOnce }) => {
  const writes = new InMemoryAggregateWrites<Counter>({
    name: 'counters',
    idOf: (c) => c.id,
    exists: insertOnce ? undefined : counterExists,
    unchangedSince: (stored, current) => stored.version === current.version,
    stored: (next, current) => ({ ...next, version: current.version + 1 }),
  });
  return { writes, overwrite: async (counter) => void writes.docs.set(counter.id, { ...counter }) };
});
