import type { Contract } from '../domain/contract';
import { CachingContractRepository, type ContractCacheOptions } from './contract.cache';
import { InMemoryContractRepository } from './contract.memory';

const contract = (overrides: Partial<Contract> = {}): Contract =>
  ({
    contractId: 'c-a',
    kind: 'collective-A',
    name: 'Collective contract A 2026',
    coordinator: { id: 'zeneiren', name: '全国労働衛生団体連合会' },
    insurerNumbers: ['01130012'],
    institutionNumbers: ['3410712362'],
    purposes: ['specific-checkup'],
    validFrom: '2026-04-01',
    validUntil: '2027-03-31',
    updatedAt: '2026-03-01T00:00:00.000Z',
    ...overrides,
  }) as Contract;

const QUERY = { insurerNumber: '01130012', institutionNumber: '3410712362', purpose: 'specific-checkup', onDate: '2026-11-24' };

/** The shared store (what every instance reads), the reads that reached it, and one instance's cache on a clock. */
async function setUp(options: Partial<ContractCacheOptions> = {}) {
  const store = new InMemoryContractRepository();
  await store.put(contract());
  const reads = { covering: 0, stamps: 0 };
  const counted = {
    put: (c: Contract) => store.put(c),
    get: (id: string) => store.get(id),
    findCovering: (q: typeof QUERY) => (reads.covering++, store.findCovering(q)),
    namingInsurer: (insurerNumber: string) => (reads.covering++, store.namingInsurer(insurerNumber)),
    changeStamp: () => (reads.stamps++, store.changeStamp()),
  };
  let now = 1_000_000;
  const cache = new CachingContractRepository(
    counted,
    { checkEveryMillis: 1_000, maxAgeMillis: 60_000, maxEntries: 100, ...options },
    () => now,
  );
  return { store, cache, reads, tick: (ms: number) => (now += ms) };
}

describe('CachingContractRepository', () => {
  it('answers a repeated question from memory, reading the change stamp at most once per period', async () => {
    const { cache, reads, tick } = await setUp();
    for (let i = 0; i < 5; i++) expect((await cache.findCovering(QUERY)).map((c) => c.contractId)).toEqual(['c-a']);
    expect(reads).toEqual({ covering: 1, stamps: 1 });
    tick(1_000);
    await cache.findCovering(QUERY);
    expect(reads).toEqual({ covering: 1, stamps: 2 });
  });

  it('reads an insurer’s contracts once for every institution, purpose and date it is asked about, and answers as the store would', async () => {
    const { store, cache, reads } = await setUp();
    await store.put(contract({ contractId: 'c-b', institutionNumbers: ['3410712362', '0110113719'], purposes: ['specific-guidance'] }));
    await store.put(contract({ contractId: 'c-0', validUntil: '2026-11-30' }));
    await store.put(contract({ contractId: 'c-other', insurerNumbers: ['33120015'] }));
    const queries = [
      QUERY,
      { ...QUERY, onDate: '2026-12-01' },
      { ...QUERY, purpose: 'specific-guidance' },
      { ...QUERY, institutionNumber: '0110113719', purpose: 'specific-guidance' },
      { ...QUERY, institutionNumber: '0110113719' },
    ];
    for (const q of queries) expect(await cache.findCovering(q)).toEqual(await store.findCovering(q));
    expect((await cache.findCovering(QUERY)).map((c) => c.contractId)).toEqual(['c-0', 'c-a']);
    expect(reads.covering).toBe(1);
    expect((await cache.findCovering({ ...QUERY, insurerNumber: '33120015' })).map((c) => c.contractId)).toEqual(['c-other']);
    expect(reads.covering).toBe(2);
  });

  it('sees a contract put through another instance once its stamp is checked, not before', async () => {
    const { store, cache, reads, tick } = await setUp();
    await cache.findCovering(QUERY);
    await store.put(contract({ contractId: 'c-b' }));
    tick(999);
    expect((await cache.findCovering(QUERY)).map((c) => c.contractId)).toEqual(['c-a']);
    tick(1);
    expect((await cache.findCovering(QUERY)).map((c) => c.contractId)).toEqual(['c-a', 'c-b']);
    expect(reads.covering).toBe(2);
  });

  it('reads the stamp ahead while in use, so no verification waits for its round trip', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const store = new InMemoryContractRepository();
      await store.put(contract());
      let stamps = 0;
      const gates: (() => void)[] = [];
      const cache = new CachingContractRepository(
        {
          put: (c) => store.put(c),
          get: (id) => store.get(id),
          findCovering: (q) => store.findCovering(q),
          namingInsurer: (i) => store.namingInsurer(i),
          // The stamp's round trip: answered when the test opens its gate.
          changeStamp: () => (stamps++, new Promise<void>((r) => gates.push(r)).then(() => store.changeStamp())),
        },
        { checkEveryMillis: 1_000, refreshAheadMillis: 250, maxAgeMillis: 60_000, maxEntries: 100 },
      );
      const first = cache.findCovering(QUERY);
      await jest.advanceTimersByTimeAsync(0);
      gates.shift()!();
      await first;
      await store.put(contract({ contractId: 'c-b' }));
      await jest.advanceTimersByTimeAsync(500);
      expect((await cache.findCovering(QUERY)).map((c) => c.contractId)).toEqual(['c-a']);
      await jest.advanceTimersByTimeAsync(250); // the read ahead starts
      expect(stamps).toBe(2);
      await jest.advanceTimersByTimeAsync(100);
      // Answered from memory while the stamp is read: still within the period of the last check.
      expect((await cache.findCovering(QUERY)).map((c) => c.contractId)).toEqual(['c-a']);
      gates.shift()!();
      await jest.advanceTimersByTimeAsync(0);
      // The read saw the moved stamp: the next answer is read again, without another stamp read.
      expect((await cache.findCovering(QUERY)).map((c) => c.contractId)).toEqual(['c-a', 'c-b']);
      expect(stamps).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('holds one copy of a contract for every answer naming it', async () => {
    const { cache } = await setUp();
    const [a] = await cache.findCovering(QUERY);
    const [b] = await cache.findCovering({ ...QUERY, onDate: '2026-11-25' });
    expect(a).toEqual(contract());
    expect(b).toBe(a);
  });

  it('applies a put through itself at once', async () => {
    const { cache } = await setUp();
    await cache.findCovering(QUERY);
    await cache.put(contract({ validUntil: '2026-10-31' }));
    expect(await cache.findCovering(QUERY)).toEqual([]);
  });

  it('reads an answer again after maxAgeMillis even when the stamp did not move', async () => {
    const { cache, reads, tick } = await setUp({ checkEveryMillis: 60_000, maxAgeMillis: 5_000 });
    await cache.findCovering(QUERY);
    tick(4_999);
    await cache.findCovering(QUERY);
    expect(reads.covering).toBe(1);
    tick(1);
    await cache.findCovering(QUERY);
    expect(reads.covering).toBe(2);
  });

  it('keeps no failed read, and at most maxEntries insurers (the oldest go first)', async () => {
    const { cache, reads } = await setUp({ maxEntries: 2 });
    const failing = new CachingContractRepository({
      put: async () => undefined,
      get: async () => null,
      changeStamp: async () => 's',
      findCovering: async () => [],
      namingInsurer: jest.fn().mockRejectedValueOnce(new Error('database down')).mockResolvedValue([]),
    });
    await expect(failing.findCovering(QUERY)).rejects.toThrow('database down');
    expect(await failing.findCovering(QUERY)).toEqual([]);

    const of = (insurerNumber: string) => ({ ...QUERY, insurerNumber });
    await cache.findCovering(of('01130012'));
    await cache.findCovering(of('33120015'));
    await cache.findCovering(of('131011'));
    expect(reads.covering).toBe(3);
    await cache.findCovering(of('131011'));
    await cache.findCovering(of('33120015'));
    expect(reads.covering).toBe(3);
    await cache.findCovering(of('01130012'));
    expect(reads.covering).toBe(4);
  });
});
