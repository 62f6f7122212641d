import { createLogger } from '@hcv/observability';
import type { OutboxStore } from './outbox-entry';
import { OutboxRemovalQueue, type OutboxRemoval } from './outbox-removal-queue';

const logger = createLogger({ service: 'test', level: 'error' });

/** A store recording its removal requests; `failNext` fails the next batched ones. */
function recordingStore(name: string, options: { many?: boolean; lingersOnlyFinished?: boolean } = {}) {
  const batched: OutboxRemoval[][] = [];
  const single: OutboxRemoval[] = [];
  const control = { failNext: 0 };
  const store: OutboxStore = {
    name,
    pending: async () => [],
    entriesOf: async () => [],
    markSent: async (id, eventIds) => void single.push({ id, eventIds: [...eventIds] }),
    ...(options.many === false
      ? {}
      : {
          markSentMany: async (removals: readonly OutboxRemoval[]) => {
            if (control.failNext > 0) {
              control.failNext--;
              throw new Error('database unreachable');
            }
            batched.push(removals.map((r) => ({ id: r.id, eventIds: [...r.eventIds] })));
          },
        }),
    ...(options.lingersOnlyFinished ? { lingersOnlyFinished: true } : {}),
  };
  return { store, batched, single, control };
}

describe('OutboxRemovalQueue', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());

  describe('lingers', () => {
    it('only with a linger, for a store offering markSentMany; in a store several writers change, only after the last write', () => {
      const many = recordingStore('things').store;
      const memory = recordingStore('memory', { many: false }).store;
      const shared = recordingStore('sessions', { lingersOnlyFinished: true }).store;
      const queue = new OutboxRemovalQueue({ lingerMillis: 100, logger });
      expect(queue.lingers(many, false)).toBe(true);
      expect(queue.lingers(memory, false)).toBe(false);
      expect(queue.lingers(memory, true)).toBe(false);
      expect(queue.lingers(shared, false)).toBe(false);
      expect(queue.lingers(shared, true)).toBe(true);
      for (const lingerMillis of [0, undefined]) expect(new OutboxRemovalQueue({ lingerMillis, logger }).lingers(many, true)).toBe(false);
    });
  });

  it("waits the linger, then removes the store's queued documents in one request; a document queued twice leaves once", async () => {
    const { store, batched } = recordingStore('things');
    const queue = new OutboxRemovalQueue({ lingerMillis: 100, logger });
    queue.later(store, 'a', ['e1']);
    await jest.advanceTimersByTimeAsync(60);
    queue.later(store, 'b', ['e2', 'e3']);
    queue.later(store, 'a', ['e4']);
    await jest.advanceTimersByTimeAsync(39);
    expect(batched).toEqual([]); // the linger counts from the first removal queued
    await jest.advanceTimersByTimeAsync(1);
    expect(batched).toEqual([
      [
        { id: 'a', eventIds: ['e1', 'e4'] },
        { id: 'b', eventIds: ['e2', 'e3'] },
      ],
    ]);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(batched.length).toBe(1);
  });

  it('keeps one queue and one request per store', async () => {
    const things = recordingStore('things');
    const others = recordingStore('others');
    const queue = new OutboxRemovalQueue({ lingerMillis: 50, logger });
    queue.later(things.store, 'a', ['e1']);
    queue.later(others.store, 'a', ['e2']);
    await jest.advanceTimersByTimeAsync(50);
    expect(things.batched).toEqual([[{ id: 'a', eventIds: ['e1'] }]]);
    expect(others.batched).toEqual([[{ id: 'a', eventIds: ['e2'] }]]);
  });

  it('keeps event ids pending until their removal is acknowledged; what pendingOf answered does not change afterwards', async () => {
    const { store } = recordingStore('things');
    const queue = new OutboxRemovalQueue({ lingerMillis: 100, logger });
    expect(queue.pendingOf(store, 'a')).toBeUndefined();
    queue.later(store, 'a', ['e1', 'e2']);
    const before = queue.pendingOf(store, 'a');
    expect(before).toEqual(new Set(['e1', 'e2']));
    expect(queue.pendingOf(recordingStore('others').store, 'a')).toBeUndefined();
    await jest.advanceTimersByTimeAsync(100);
    expect(queue.pendingOf(store, 'a')).toBeUndefined();
    expect(before).toEqual(new Set(['e1', 'e2'])); // a copy: taken before a read-back left
  });

  it('a failed request is retried after at least a second, its ids still pending meanwhile', async () => {
    const { store, batched, control } = recordingStore('things');
    const queue = new OutboxRemovalQueue({ lingerMillis: 100, logger });
    control.failNext = 1;
    queue.later(store, 'a', ['e1']);
    await jest.advanceTimersByTimeAsync(100);
    expect(control.failNext).toBe(0);
    expect(queue.pendingOf(store, 'a')).toEqual(new Set(['e1']));
    await jest.advanceTimersByTimeAsync(999);
    expect(batched).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(batched).toEqual([[{ id: 'a', eventIds: ['e1'] }]]);
    expect(queue.pendingOf(store, 'a')).toBeUndefined();
  });

  it('a removal at once with nothing lingering is its own markSent', async () => {
    const { store, batched, single } = recordingStore('things');
    const queue = new OutboxRemovalQueue({ lingerMillis: 100, logger });
    await queue.atOnce(store, 'a', ['e1']);
    expect(single).toEqual([{ id: 'a', eventIds: ['e1'] }]);
    expect(batched).toEqual([]);
    expect(queue.pendingOf(store, 'a')).toBeUndefined();
  });

  it("a removal at once takes the store's lingering ones along in the same request (its own first), and none leaves again after the linger", async () => {
    const { store, batched, single } = recordingStore('things', { lingersOnlyFinished: true });
    const queue = new OutboxRemovalQueue({ lingerMillis: 60_000, logger });
    queue.later(store, 'b', ['e1']);
    await queue.atOnce(store, 'c', ['e2']);
    expect(batched).toEqual([
      [
        { id: 'c', eventIds: ['e2'] },
        { id: 'b', eventIds: ['e1'] },
      ],
    ]);
    expect(single).toEqual([]);
    expect(queue.pendingOf(store, 'b')).toBeUndefined();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(batched.length).toBe(1);
  });

  it('when the request carrying both fails, the at-once removal fails to its caller and the lingering one is retried', async () => {
    const { store, batched, control } = recordingStore('things', { lingersOnlyFinished: true });
    const queue = new OutboxRemovalQueue({ lingerMillis: 100, logger });
    queue.later(store, 'b', ['e1']);
    control.failNext = 1;
    await expect(queue.atOnce(store, 'c', ['e2'])).rejects.toThrow('database unreachable');
    expect(queue.pendingOf(store, 'b')).toEqual(new Set(['e1']));
    expect(queue.pendingOf(store, 'c')).toBeUndefined(); // its caller's to leave for the sweep
    await jest.advanceTimersByTimeAsync(1_000);
    expect(batched).toEqual([[{ id: 'b', eventIds: ['e1'] }]]);
  });

  it('flush sends what lingers at once and waits for requests in flight', async () => {
    const { store, batched } = recordingStore('things');
    let acknowledge!: () => void;
    const markSentMany = store.markSentMany!.bind(store);
    store.markSentMany = async (removals) => {
      await new Promise<void>((resolve) => (acknowledge = resolve));
      await markSentMany(removals);
    };
    const queue = new OutboxRemovalQueue({ lingerMillis: 60_000, logger });
    queue.later(store, 'a', ['e1']);
    let flushed = false;
    const flush = queue.flush().then(() => (flushed = true));
    await Promise.resolve();
    expect(flushed).toBe(false); // the request is in flight
    acknowledge();
    await flush;
    expect(batched).toEqual([[{ id: 'a', eventIds: ['e1'] }]]);
    expect(queue.pendingOf(store, 'a')).toBeUndefined();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(batched.length).toBe(1);
  });

  it('after stopTimers nothing leaves by itself: the entries stay stored (and pending) for the next sweep', async () => {
    const { store, batched } = recordingStore('things');
    const queue = new OutboxRemovalQueue({ lingerMillis: 100, logger });
    queue.later(store, 'a', ['e1']);
    queue.stopTimers();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(batched).toEqual([]);
    expect(queue.pendingOf(store, 'a')).toEqual(new Set(['e1']));
  });
});
