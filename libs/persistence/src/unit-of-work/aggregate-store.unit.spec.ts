import { MAX_WRITE_ATTEMPTS, withWriteAttempts } from './aggregate-store';
import { aggregateStoreContract, counterExists, type Counter } from './aggregate-store.contract';
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

describe('withWriteAttempts', () => {
  it('retries a write that found the document changed, up to the one bound, then refuses as busy', async () => {
    const tries: number[] = [];
    await expect(
      withWriteAttempts(
        async (attempt) => void tries.push(attempt),
        () => new Error('busy'),
      ),
    ).rejects.toThrow('busy');
    expect(tries).toEqual([...Array(MAX_WRITE_ATTEMPTS).keys()]);
    expect(
      await withWriteAttempts(
        async (attempt) => (attempt === 2 ? 'stored' : undefined),
        () => new Error('busy'),
      ),
    ).toBe('stored');
  });
});
