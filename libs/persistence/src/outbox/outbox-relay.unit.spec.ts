import type { RawMessage } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { sequencedContract, waitFor } from '@hcv/testing';
import { InMemoryOutboxStore, storeWithOutbox } from './in-memory-outbox-store';
import { OutboxRelay } from './outbox-relay';
import type { OutboxStore } from './outbox-entry';

const logger = createLogger({ service: 'test', level: 'error' });
const contract = sequencedContract('outbox-unit');

function setup(options: { failFirst?: number } = {}) {
  const docs = new Map<string, object>();
  const store = new InMemoryOutboxStore('things', docs);
  // Counts the read-backs: a dispatch given the staged entries should need none when nothing is older.
  const reads: string[] = [];
  const entriesOf = store.entriesOf.bind(store);
  store.entriesOf = async (id) => (reads.push(id), entriesOf(id));
  const sent: { topic: string; message: RawMessage }[] = [];
  let failures = options.failFirst ?? 0;
  const relay = new OutboxRelay({
    source: 'audit',
    stores: [store],
    logger,
    graceMillis: 0,
    send: async (topic, message) => {
      if (failures > 0) {
        failures--;
        throw new Error('broker unreachable');
      }
      sent.push({ topic, message });
    },
  });
  const write = (id: string, seqs: number[]) => {
    const entries = seqs.map((seq) => relay.stage(contract, { key: id, seq }, { subject: id, correlationId: 'c' }));
    docs.set(id, storeWithOutbox(docs.get(id), { id, last: seqs.at(-1) }, entries));
    return entries;
  };
  const seqOf = (m: { message: RawMessage }) => (JSON.parse(m.message.value) as { data: { seq: number } }).data.seq;
  return { docs, store, relay, sent, write, seqOf, reads };
}

/** A relay whose every send waits for the test to release or fail it (gates, in order), in the given dispatch mode. */
function gatedRelay(dispatchMode: 'wait' | 'background') {
  const docs = new Map<string, object>();
  const store = new InMemoryOutboxStore('things', docs);
  const reads: string[] = [];
  const entriesOf = store.entriesOf.bind(store);
  store.entriesOf = async (id) => (reads.push(id), entriesOf(id));
  const sent: number[] = [];
  const gates: { release: () => void; fail: (e: Error) => void }[] = [];
  const relay = new OutboxRelay({
    source: 'audit',
    stores: [store],
    logger,
    graceMillis: 0,
    dispatchMode,
    send: (_t, m) =>
      new Promise<void>((resolve, reject) =>
        gates.push({ release: () => resolve(void sent.push(JSON.parse(m.value).data.seq)), fail: reject }),
      ),
  });
  const write = (id: string, seq: number) => {
    const entries = [relay.stage(contract, { key: id, seq }, { subject: id, correlationId: 'c' })];
    docs.set(id, storeWithOutbox(docs.get(id), { id }, entries));
    return entries;
  };
  return { docs, store, relay, sent, gates, write, reads };
}

describe('OutboxRelay', () => {
  it("sends a document's entries in order on dispatch and removes them from the document", async () => {
    const { docs, store, relay, sent, write, seqOf } = setup();
    const entries = write('a', [1, 2, 3]);
    await relay.dispatch(store, 'a');
    expect(sent.map(seqOf)).toEqual([1, 2, 3]);
    expect(sent[0]!.topic).toBe(contract.topic);
    expect(sent.map((m) => m.message.headers.ce_id)).toEqual(entries.map((e) => e.eventId));
    expect(sent[0]!.message.key).toBe('a');
    expect(docs.get('a')).toEqual({ id: 'a', last: 3 });
    expect(relay.stats()).toMatchObject({ sent: 3, failed: 0 });
  });

  it('leaves entries it could not send in the document, and the sweep sends them later with the same ids', async () => {
    const { store, relay, sent, write, seqOf } = setup({ failFirst: 1 });
    const entries = write('a', [1, 2]);
    await relay.dispatch(store, 'a'); // the broker is away: nothing sent, nothing lost
    expect(sent).toHaveLength(0);
    expect((await store.entriesOf('a')).map((e) => e.eventId)).toEqual(entries.map((e) => e.eventId));
    expect(await relay.sweepOnce()).toBe(2);
    expect(sent.map(seqOf)).toEqual([1, 2]);
    expect(sent.map((m) => JSON.parse(m.message.value).id)).toEqual(entries.map((e) => e.eventId));
    expect(relay.stats()).toMatchObject({ sent: 2, failed: 1, sentBySweep: 2 });
    expect(await store.pending('9999', 10)).toEqual([]);
  });

  it('keeps entries staged while a drain was running (they are not marked sent by it)', async () => {
    const { docs, store, relay, sent, write, seqOf } = setup();
    write('a', [1]);
    const first = relay.dispatch(store, 'a');
    write('a', [2]); // a later write to the same document before the drain finished
    await first;
    await relay.dispatch(store, 'a');
    expect(sent.map(seqOf)).toEqual([1, 2]);
    expect(docs.get('a')).toEqual({ id: 'a', last: 2 });
  });

  it('a stale copy of the outbox does not bring back sent entries (memory semantics = Mongo semantics)', async () => {
    const { docs, store, relay, write } = setup();
    write('a', [1]);
    const staleCopy = structuredClone(docs.get('a')!);
    await relay.dispatch(store, 'a');
    docs.set('a', storeWithOutbox(docs.get('a'), { ...staleCopy, last: 9 }));
    expect(docs.get('a')).toEqual({ id: 'a', last: 9 });
  });

  it('hands out the stored entries without copying them, so they cannot be changed from outside', async () => {
    const { docs, store, write } = setup();
    write('a', [1]);
    const [entry] = await store.entriesOf('a');
    expect(() => Object.assign(entry!.headers, { traceparent: 'changed' })).toThrow(TypeError);
    expect(() => Object.assign(entry!, { topic: 'elsewhere' })).toThrow(TypeError);
    (await store.entriesOf('a')).pop();
    expect((await store.entriesOf('a')).map((e) => e.topic)).toEqual([contract.topic]);
    await store.markSent('a', [entry!.eventId]);
    expect(await store.entriesOf('a')).toEqual([]);
    expect(await store.pending('9999', 10)).toEqual([]);
    expect(docs.get('a')).toEqual({ id: 'a', last: 1 });
  });

  it('the sweep leaves entries younger than the grace period to their writer', async () => {
    const docs = new Map<string, object>();
    const store = new InMemoryOutboxStore('things', docs);
    const sent: unknown[] = [];
    const relay = new OutboxRelay({
      source: 'audit',
      stores: [store],
      logger,
      graceMillis: 60_000,
      send: async (t, m) => void sent.push(m),
    });
    docs.set(
      'a',
      storeWithOutbox(undefined, { id: 'a' }, [relay.stage(contract, { key: 'a', seq: 1 }, { subject: 'a', correlationId: 'c' })]),
    );
    expect(await relay.sweepOnce()).toBe(0);
    await relay.stop(); // stop flushes everything, whatever its age
    expect(sent).toHaveLength(1);
  });

  it('sweeps every second only a store that may hold unsent entries, the others rarely (a sweep is a query)', async () => {
    const quiet = new InMemoryOutboxStore('quiet', new Map());
    const busyDocs = new Map<string, object>();
    const busy = new InMemoryOutboxStore('busy', busyDocs);
    const queried: string[] = [];
    for (const store of [quiet, busy]) {
      const pending = store.pending.bind(store);
      store.pending = async (before, limit) => (queried.push(store.name), pending(before, limit));
    }
    let up = false;
    const relay = new OutboxRelay({
      source: 'audit',
      stores: [quiet, busy],
      logger,
      graceMillis: 0,
      sweepEveryMillis: 20,
      fullSweepEveryMillis: 60_000,
      send: async () => {
        if (!up) throw new Error('broker unreachable');
      },
    });
    // The sweep interval and the full-sweep age run on jest's clock: 100 ms without a sweep of the
    // quiet store is exactly five sweep intervals, not whatever a busy machine makes of them.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      relay.start();
      await jest.advanceTimersByTimeAsync(40);
      expect(new Set(queried)).toEqual(new Set(['quiet', 'busy'])); // the start sweep; then both are clean
      queried.length = 0;
      await jest.advanceTimersByTimeAsync(100);
      expect(queried).toEqual([]);
      busyDocs.set(
        'a',
        storeWithOutbox(undefined, { id: 'a' }, [relay.stage(contract, { key: 'a', seq: 1 }, { subject: 'a', correlationId: 'c' })]),
      );
      await relay.dispatch(busy, 'a'); // fails: the busy store is swept again until it is drained
      up = true;
      await jest.advanceTimersByTimeAsync(40);
      expect(await busy.entriesOf('a')).toEqual([]);
      expect(queried.filter((n) => n === 'quiet')).toEqual([]);
      expect(queried.filter((n) => n === 'busy').length).toBeGreaterThan(0);
      await relay.stop();
    } finally {
      jest.useRealTimers();
    }
  });

  describe('dispatch with the entries the writer staged (no read-back)', () => {
    it('sends them in order without reading the document, and removes them', async () => {
      const { docs, store, relay, sent, write, seqOf, reads } = setup();
      const entries = write('a', [1, 2]);
      await relay.dispatch(store, 'a', entries);
      expect(sent.map(seqOf)).toEqual([1, 2]);
      expect(reads).toEqual([]);
      expect(docs.get('a')).toEqual({ id: 'a', last: 2 });
    });

    it('after a failed send, the next dispatch of the document reads it back and sends the older entries first', async () => {
      const { store, relay, sent, write, seqOf, reads } = setup({ failFirst: 1 });
      await relay.dispatch(store, 'a', write('a', [1])); // fails: entry 1 stays, the store is suspect
      await relay.dispatch(store, 'a', write('a', [2]));
      expect(sent.map(seqOf)).toEqual([1, 2]);
      expect(reads).toEqual(['a']);
      // A sweep that finds the store clean lifts the doubt: writers send their own entries again.
      expect(await relay.sweepOnce()).toBe(0);
      expect(await relay.sweepOnce()).toBe(0);
      await relay.dispatch(store, 'a', write('a', [3]));
      expect(sent.map(seqOf)).toEqual([1, 2, 3]);
      expect(reads).toEqual(['a']);
      expect(await store.entriesOf('a')).toEqual([]);
    });

    it('a dispatch waits for the running drain of the same document: order holds, and if that drain fails the later one reads back', async () => {
      const { docs, store, relay, sent, gates, write } = gatedRelay('wait');
      const first = relay.dispatch(store, 'a', write('a', 1));
      const second = relay.dispatch(store, 'a', write('a', 2)); // staged while the first is in hand
      await waitFor(() => gates.length === 1, 5_000, 'the first send');
      gates[0]!.fail(new Error('broker unreachable'));
      await first;
      await waitFor(() => gates.length === 2, 5_000, 'the second drain');
      gates[1]!.release(); // entry 1, read back
      await waitFor(() => gates.length === 3, 5_000, 'entry 2');
      gates[2]!.release();
      await second;
      expect(sent).toEqual([1, 2]);
      expect(docs.get('a')).toEqual({ id: 'a' });
    });

    it('at start the stores are in doubt (a previous process may have left entries): read back until a sweep finds them clean', async () => {
      const { docs, store, relay, sent, write, seqOf, reads } = setup();
      docs.set(
        'a',
        storeWithOutbox(undefined, { id: 'a' }, [relay.stage(contract, { key: 'a', seq: 0 }, { subject: 'a', correlationId: 'c' })]),
      ); // left by a crash
      relay.start();
      await relay.dispatch(store, 'a', write('a', [1]));
      expect(sent.map(seqOf)).toEqual([0, 1]);
      expect(reads).toEqual(['a']);
      await waitFor(async () => (await relay.sweepOnce()) === 0 && (await relay.sweepOnce()) === 0, 10_000, 'a clean sweep');
      reads.length = 0;
      await relay.dispatch(store, 'a', write('a', [2]));
      expect(sent.map(seqOf)).toEqual([0, 1, 2]);
      expect(reads).toEqual([]);
      await relay.stop();
    });

    it("sends only its own writer's entries: another writer's pending entry is left to that writer, not sent twice", async () => {
      const { docs, store, relay, sent, write, seqOf } = setup();
      const other = write('a', [1]); // another instance's entry, its dispatch still to come
      const mine = relay.stage(contract, { key: 'a', seq: 2 }, { subject: 'a', correlationId: 'c' });
      docs.set('a', storeWithOutbox(docs.get('a'), { id: 'a', last: 2 }, [mine]));
      await relay.dispatch(store, 'a', [mine]);
      expect(sent.map(seqOf)).toEqual([2]);
      expect((await store.entriesOf('a')).map((e) => e.eventId)).toEqual(other.map((e) => e.eventId));
    });
  });
  describe("a document's entries in one publish (sendAll)", () => {
    function withSendAll(fail: boolean) {
      const docs = new Map<string, object>();
      const store = new InMemoryOutboxStore('things', docs);
      const publishes: number[][] = [];
      const relay = new OutboxRelay({
        source: 'audit',
        stores: [store],
        logger,
        graceMillis: 0,
        send: async (_t, m) => void publishes.push([JSON.parse(m.value).data.seq]),
        sendAll: async (messages) => {
          if (fail) throw new Error('broker unreachable');
          publishes.push(messages.map((m) => JSON.parse(m.message.value).data.seq));
        },
      });
      const write = (id: string, seqs: number[]) => {
        const entries = seqs.map((seq) => relay.stage(contract, { key: id, seq }, { subject: id, correlationId: 'c' }));
        docs.set(id, storeWithOutbox(docs.get(id), { id }, entries));
        return entries;
      };
      return { store, relay, publishes, write };
    }

    it('sends them in one publish, in order, and removes them; a lone entry goes by send', async () => {
      const { store, relay, publishes, write } = withSendAll(false);
      await relay.dispatch(store, 'a', write('a', [1, 2, 3]));
      await relay.dispatch(store, 'a', write('a', [4]));
      expect(publishes).toEqual([[1, 2, 3], [4]]);
      expect(await store.entriesOf('a')).toEqual([]);
    });

    it('a failed publish leaves every entry of the document for the sweep', async () => {
      const { store, relay, write } = withSendAll(true);
      await relay.dispatch(store, 'a', write('a', [1, 2]));
      expect((await store.entriesOf('a')).length).toBe(2);
      expect(relay.stats()).toMatchObject({ sent: 0, failed: 1 });
    });
  });

  describe('background dispatch (what a service runs)', () => {
    it('returns before the send: a broker that does not answer holds no writer', async () => {
      const { store, relay, sent, gates, write } = gatedRelay('background');
      await relay.dispatch(store, 'a', write('a', 1)); // the send is still in hand
      await waitFor(() => gates.length === 1, 5_000, 'the send');
      expect(sent).toEqual([]);
      gates[0]!.release();
      await relay.settled();
      expect(sent).toEqual([1]);
      expect(await store.entriesOf('a')).toEqual([]);
    });

    it('keeps the order per document and leaves what failed for the sweep, which sends it with the same id', async () => {
      const { store, relay, sent, gates, write } = gatedRelay('background');
      const first = write('a', 1);
      await relay.dispatch(store, 'a', first);
      await relay.dispatch(store, 'a', write('a', 2)); // the device's next request, answered meanwhile
      await waitFor(() => gates.length === 1, 5_000, 'the first send');
      gates[0]!.fail(new Error('broker unreachable'));
      // The second drain reads the document back: entry 1 first, then 2.
      await waitFor(() => gates.length === 2, 5_000, 'the second drain');
      gates[1]!.release();
      await waitFor(() => gates.length === 3, 5_000, 'entry 2');
      gates[2]!.release();
      await relay.settled();
      expect(sent).toEqual([1, 2]);
      expect(relay.stats()).toMatchObject({ sent: 2, failed: 1 });
    });

    it("reads the document back, so another instance's older pending entry goes before this writer's", async () => {
      const { docs, store, relay, sent, gates, write } = gatedRelay('background');
      write('a', 1); // staged by another instance whose send has not happened yet
      const mine = relay.stage(contract, { key: 'a', seq: 2 }, { subject: 'a', correlationId: 'c' });
      docs.set('a', storeWithOutbox(docs.get('a'), { id: 'a' }, [mine]));
      await relay.dispatch(store, 'a', [mine]);
      await waitFor(() => gates.length === 1, 5_000, 'entry 1');
      gates[0]!.release();
      await waitFor(() => gates.length === 2, 5_000, 'entry 2');
      gates[1]!.release();
      await relay.settled();
      expect(sent).toEqual([1, 2]);
    });

    it('a write that created the document, or was written over its own copy, is sent without a read-back and nothing waits for it', async () => {
      const { store, relay, sent, gates, write, reads } = gatedRelay('background');
      await relay.dispatch(store, 'a', write('a', 1), { created: true });
      await relay.dispatch(store, 'a', write('a', 2), { overOwnWrite: true });
      await waitFor(() => gates.length === 1, 5_000, 'entry 1');
      gates[0]!.release();
      await waitFor(() => gates.length === 2, 5_000, 'entry 2');
      gates[1]!.release();
      await relay.settled();
      expect(sent).toEqual([1, 2]);
      expect(reads).toEqual([]);
      expect(await store.entriesOf('a')).toEqual([]);
    });

    it("the next drain of a document sends once the previous one's sends ended, without waiting for its mark", async () => {
      const { store, relay, sent, gates, write } = gatedRelay('background');
      const marks: { release: () => void }[] = [];
      const markSent = store.markSent.bind(store);
      store.markSent = (id, eventIds) => new Promise<void>((resolve) => marks.push({ release: () => resolve(markSent(id, eventIds)) }));
      await relay.dispatch(store, 'a', write('a', 1), { created: true });
      await relay.dispatch(store, 'a', write('a', 2), { overOwnWrite: true });
      await waitFor(() => gates.length === 1, 5_000, 'entry 1');
      gates[0]!.release();
      // Entry 1's mark is still in hand: entry 2 goes all the same.
      await waitFor(() => marks.length === 1 && gates.length === 2, 5_000, "entry 1's mark and entry 2's send");
      gates[1]!.release();
      await waitFor(() => marks.length === 2, 5_000, "entry 2's mark");
      marks.forEach((m) => m.release());
      await relay.settled();
      expect(sent).toEqual([1, 2]);
      expect(await store.entriesOf('a')).toEqual([]);
    });

    it('after a failed send, a write over its own copy reads the document back: the older entry goes first', async () => {
      const { store, relay, sent, gates, write, reads } = gatedRelay('background');
      await relay.dispatch(store, 'a', write('a', 1), { created: true });
      await relay.dispatch(store, 'a', write('a', 2), { overOwnWrite: true });
      await waitFor(() => gates.length === 1, 5_000, 'entry 1');
      gates[0]!.fail(new Error('broker unreachable'));
      await waitFor(() => gates.length === 2, 5_000, 'entry 1 again, read back');
      gates[1]!.release();
      await waitFor(() => gates.length === 3, 5_000, 'entry 2');
      gates[2]!.release();
      await relay.settled();
      expect(sent).toEqual([1, 2]);
      expect(reads).toEqual(['a']);
    });

    it('a read-back that fails puts the store in doubt: the next write over its own copy reads back too', async () => {
      const { store, relay, sent, gates, write, reads } = gatedRelay('background');
      const entriesOf = store.entriesOf.bind(store);
      let failRead = true;
      store.entriesOf = async (id) => {
        if (failRead) {
          failRead = false;
          throw new Error('database unreachable');
        }
        return entriesOf(id);
      };
      await relay.dispatch(store, 'a', write('a', 1)); // read back: fails, entry 1 stays
      await relay.settled();
      await relay.dispatch(store, 'a', write('a', 2), { overOwnWrite: true });
      await waitFor(() => gates.length === 1, 5_000, 'entry 1');
      gates[0]!.release();
      await waitFor(() => gates.length === 2, 5_000, 'entry 2');
      gates[1]!.release();
      await relay.settled();
      expect(sent).toEqual([1, 2]);
      expect(reads).toEqual(['a']);
    });

    it('stop() flushes the drains still running', async () => {
      const { store, relay, sent, gates, write } = gatedRelay('background');
      await relay.dispatch(store, 'a', write('a', 1));
      const stopped = relay.stop();
      await waitFor(() => gates.length === 1, 5_000, 'the send');
      gates[0]!.release();
      await stopped;
      expect(sent).toEqual([1]);
    });
  });
});

describe('OutboxRelay: removals that linger (markLingerMillis, stores offering markSentMany)', () => {
  /** A memory store offering the batched removal, counting its requests; `failNext` fails the next ones. */
  function lingering(markLingerMillis: number) {
    const docs = new Map<string, object>();
    const store: InMemoryOutboxStore & Pick<OutboxStore, 'markSentMany'> = new InMemoryOutboxStore('things', docs);
    const requests: { id: string; eventIds: string[] }[][] = [];
    const control = { failNext: 0, holdRead: undefined as undefined | Promise<void> };
    store.markSentMany = async (marks: readonly { id: string; eventIds: string[] }[]) => {
      if (control.failNext > 0) {
        control.failNext--;
        throw new Error('database unreachable');
      }
      requests.push(marks.map((m) => ({ id: m.id, eventIds: [...m.eventIds] })));
      for (const m of marks) await store.markSent(m.id, m.eventIds);
    };
    const entriesOf = store.entriesOf.bind(store);
    store.entriesOf = async (id) => {
      const entries = await entriesOf(id); // what the database answered when the read left
      await control.holdRead;
      return entries;
    };
    const sent: number[] = [];
    const relay = new OutboxRelay({
      source: 'audit',
      stores: [store],
      logger,
      graceMillis: 0,
      dispatchMode: 'background',
      markLingerMillis,
      send: async (_t, m) => void sent.push(JSON.parse(m.value).data.seq),
    });
    const write = (id: string, ...seqs: number[]) => {
      const entries = seqs.map((seq) => relay.stage(contract, { key: id, seq }, { subject: id, correlationId: 'c' }));
      docs.set(id, storeWithOutbox(docs.get(id), { id }, entries));
      return entries;
    };
    const drainsEnded = async () => {
      // The drains only (settled() would also flush the removals).
      await waitFor(() => (relay as unknown as { draining: Map<string, unknown> }).draining.size === 0, 5_000, 'the drains');
    };
    return { store, relay, sent, requests, control, write, drainsEnded };
  }

  it("gathers the removals of several documents' sends into one request after the linger; the sends do not wait for it", async () => {
    const { store, relay, sent, requests, write, drainsEnded } = lingering(60_000);
    await relay.dispatch(store, 'a', write('a', 1), { created: true });
    await relay.dispatch(store, 'b', write('b', 2, 3), { created: true });
    await relay.dispatch(store, 'a', write('a', 4), { overOwnWrite: true });
    await drainsEnded();
    expect(sent).toEqual([1, 2, 3, 4]);
    expect(requests).toEqual([]); // still lingering
    expect((await store.entriesOf('a')).length).toBe(2);
    await relay.settled(); // flushes what lingers
    expect(requests.length).toBe(1);
    expect(requests[0]!.map((m) => [m.id, m.eventIds.length])).toEqual([
      ['a', 2],
      ['b', 2],
    ]);
    expect(await store.entriesOf('a')).toEqual([]);
    expect(await store.entriesOf('b')).toEqual([]);
  });

  it('leaves on its own once the linger has passed', async () => {
    const { store, relay, requests, write } = lingering(20);
    await relay.dispatch(store, 'a', write('a', 1), { created: true });
    await relay.dispatch(store, 'b', write('b', 2), { created: true });
    await waitFor(() => requests.length === 1, 5_000, 'the removal');
    expect(requests[0]!.map((m) => m.id)).toEqual(['a', 'b']);
    expect(await store.entriesOf('a')).toEqual([]);
  });

  it('a drain or sweep that reads the document back while its removal is pending sends only what was not sent', async () => {
    const { store, relay, sent, write, drainsEnded } = lingering(60_000);
    await relay.dispatch(store, 'a', write('a', 1), { created: true });
    await drainsEnded();
    write('a', 2);
    await relay.dispatch(store, 'a'); // a read-back: 1 is still stored, its removal pending
    await drainsEnded();
    expect(await relay.sweepOnce()).toBe(0);
    expect(sent).toEqual([1, 2]);
    await relay.settled();
    expect(await store.entriesOf('a')).toEqual([]);
    expect(sent).toEqual([1, 2]);
  });

  it('a read that left before the removal was acknowledged does not send the removed entries again', async () => {
    const { store, relay, sent, requests, control, write, drainsEnded } = lingering(60_000);
    await relay.dispatch(store, 'a', write('a', 1), { created: true });
    await drainsEnded();
    let answer!: () => void;
    control.holdRead = new Promise<void>((resolve) => (answer = resolve));
    write('a', 2);
    await relay.dispatch(store, 'a'); // its read is answered [1, 2] and held
    // The removal of 1 is acknowledged while that answer is on its way.
    await (relay as unknown as { flushMarks(): Promise<void> }).flushMarks();
    expect(requests.length).toBe(1);
    answer();
    await drainsEnded();
    await relay.settled();
    expect(sent).toEqual([1, 2]);
    expect(await store.entriesOf('a')).toEqual([]);
  });

  it('a failed removal is retried, and its entries are not sent again meanwhile', async () => {
    const { store, relay, sent, requests, control, write } = lingering(10);
    control.failNext = 1;
    await relay.dispatch(store, 'a', write('a', 1), { created: true });
    await waitFor(() => control.failNext === 0, 5_000, 'the failed removal');
    expect(await relay.sweepOnce()).toBe(0); // still stored, still not to be sent again
    await waitFor(() => requests.length === 1, 5_000, 'the retried removal');
    expect(await store.entriesOf('a')).toEqual([]);
    expect(sent).toEqual([1]);
  });

  it('stop() removes what lingers', async () => {
    const { store, relay, sent, requests, write } = lingering(60_000);
    await relay.dispatch(store, 'a', write('a', 1), { created: true });
    await relay.stop();
    expect(sent).toEqual([1]);
    expect(requests.length).toBe(1);
    expect(await store.entriesOf('a')).toEqual([]);
  });

  describe('a store whose documents several writers change (lingersOnlyFinished)', () => {
    function shared(markLingerMillis: number) {
      const setup = lingering(markLingerMillis);
      (setup.store as { lingersOnlyFinished?: boolean }).lingersOnlyFinished = true;
      return setup;
    }

    it("removes at once but after a document's last write, whose removal lingers and leaves with the store's next one", async () => {
      const { store, relay, sent, requests, write, drainsEnded } = shared(60_000);
      await relay.dispatch(store, 'a', write('a', 1), { created: true });
      await drainsEnded();
      expect(await store.entriesOf('a')).toEqual([]); // at once: another writer may read it back soon
      expect(requests).toEqual([]);
      await relay.dispatch(store, 'b', write('b', 2), { created: true });
      await drainsEnded();
      await relay.dispatch(store, 'b', write('b', 3), { overOwnWrite: true, finished: true });
      await drainsEnded();
      expect((await store.entriesOf('b')).length).toBe(1); // 3 lingers
      expect(requests).toEqual([]);
      await relay.dispatch(store, 'c', write('c', 4), { created: true });
      await drainsEnded();
      // c's removal left at once, and b's lingering one with it: one request.
      expect(requests.map((r) => r.map((m) => [m.id, m.eventIds.length]))).toEqual([
        [
          ['c', 1],
          ['b', 1],
        ],
      ]);
      expect(await store.entriesOf('b')).toEqual([]);
      expect(await store.entriesOf('c')).toEqual([]);
      expect(await relay.sweepOnce()).toBe(0);
      expect(sent).toEqual([1, 2, 3, 4]);
    });

    it('a finished removal lingers at most the linger', async () => {
      const { store, relay, requests, write } = shared(20);
      await relay.dispatch(store, 'a', write('a', 1), { created: true, finished: true });
      await waitFor(() => requests.length === 1, 5_000, 'the removal');
      expect(await store.entriesOf('a')).toEqual([]);
    });

    it('when the request carrying both fails, the at-once entries are left for the sweep and the lingering ones retried, neither lost', async () => {
      const { store, relay, sent, control, write, drainsEnded } = shared(60_000);
      await relay.dispatch(store, 'b', write('b', 1), { created: true, finished: true });
      await drainsEnded();
      control.failNext = 1;
      await relay.dispatch(store, 'c', write('c', 2), { created: true });
      await drainsEnded();
      expect(control.failNext).toBe(0);
      expect((await store.entriesOf('b')).length).toBe(1);
      expect((await store.entriesOf('c')).length).toBe(1);
      await relay.settled(); // the retried lingering removal leaves now
      expect(await store.entriesOf('b')).toEqual([]);
      // c's removal failed like any at-once one: the store is suspect and the sweep sends it again (same id).
      expect(await relay.sweepOnce()).toBe(1);
      await relay.settled();
      expect(sent).toEqual([1, 2, 2]);
      expect(await store.entriesOf('c')).toEqual([]);
    });
  });

  it('a store without markSentMany removes at once', async () => {
    const { store, relay, write } = gatedRelay('wait');
    const linger = new OutboxRelay({
      source: 'audit',
      stores: [store],
      logger,
      markLingerMillis: 60_000,
      send: async () => undefined,
    });
    await linger.dispatch(store, 'a', write('a', 1));
    expect(await store.entriesOf('a')).toEqual([]);
    await relay.stop();
  });
});
