// The unit of work's behaviour as one list of cases, run on every twin of the document writes: the
// memory writes (aggregate-store.unit.spec.ts) and the MongoDB writes (aggregate-store.int.spec.ts).
// Not a test file by itself (no tier in its name): the specs of the twins call it.
import { draft, unchanged, type Decision } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import type { RawMessage } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { sequencedContract } from '@hcv/testing';
import { OutboxRelay } from '../outbox/outbox-relay';
import { MAX_WRITE_ATTEMPTS, AggregateStore, type AggregateWrites, type RecentCopies } from './aggregate-store';

export interface Counter {
  id: string;
  count: number;
  version: number;
}

/** One twin's writes of counters: version-checked, the stored version + 1, "counter-exists" on a taken id. */
export interface CounterTwin {
  writes: AggregateWrites<Counter>;
  /** Another writer stores `counter` as it is (a concurrent request, between a read and a write). */
  overwrite(counter: Counter): Promise<void>;
}

/** Builds a fresh twin; `insertOnce`: an insert of a taken id writes nothing and answers false. */
export type CounterTwinFactory = (options: { insertOnce?: boolean }) => Promise<CounterTwin>;

export const counterExists = (id: string) => new DomainError('counter-exists', `counter ${id} exists`, 409);

const contract = sequencedContract('uow-contract');
const logger = createLogger({ service: 'test', level: 'error' });
let ids = 0;

export function aggregateStoreContract(twinName: string, twin: CounterTwinFactory): void {
  async function setup(options: { insertOnce?: boolean; recent?: RecentCopies<Counter>; finished?: (c: Counter) => boolean } = {}) {
    const { writes, overwrite } = await twin({ insertOnce: options.insertOnce });
    const id = `counter-${++ids}`;
    const log: string[] = [];
    const sent: { topic: string; message: RawMessage }[] = [];
    const relay = new OutboxRelay({
      source: 'audit',
      stores: [writes.outbox],
      logger,
      graceMillis: 0,
      send: async (topic, message) => void sent.push({ topic, message }),
    });
    const store = new AggregateStore<Counter>({
      writes,
      outbox: relay,
      idOf: (c) => c.id,
      context: (c) => ({ subject: c.id, correlationId: `corr-${c.id}` }),
      missing: (missingId) => new DomainError('counter-not-found', `no counter ${missingId}`, 404),
      busy: (busyId) => new DomainError('counter-busy', `counter ${busyId} is busy`, 409),
      afterCommit: (after, before) => void log.push(`hook ${before?.count ?? '-'}→${after.count} sent=${sent.length}`),
      recent: options.recent,
      finished: options.finished,
    });
    const increment = (c: Counter): Decision<Counter> => ({
      state: { ...c, count: c.count + 1 },
      events: [draft(contract, { key: c.id, seq: c.count + 1 })],
    });
    const zero: Counter = { id, count: 0, version: 0 };
    const seqs = () => sent.map((m) => JSON.parse(m.message.value).data.seq as number);
    return { id, zero, writes, overwrite, relay, store, sent, seqs, log, increment };
  }

  describe(`AggregateStore (unit of work) on the ${twinName}`, () => {
    it('creates: the state and its events in one write, dispatched after it, the hook once', async () => {
      const { id, zero, writes, store, sent, log, increment } = await setup();
      expect(await store.create(increment(zero))).toBe(true);
      expect(await writes.read(id)).toMatchObject({ id, count: 1 });
      expect(sent.map((m) => JSON.parse(m.message.value))).toEqual([
        expect.objectContaining({ subject: id, correlationId: `corr-${id}`, data: { key: id, seq: 1 } }),
      ]);
      expect(log).toEqual(['hook -→1 sent=1']);
      expect(await writes.outbox.entriesOf(id)).toEqual([]); // sent, then removed
    });

    it('stages the events in the same write as the state, and dispatches only after the write', async () => {
      const { id, zero, writes, relay, store, increment } = await setup();
      await store.create(unchanged(zero));
      const inWrite: string[][] = [];
      const write = writes.write.bind(writes);
      writes.write = async (current, next, entries) => {
        const stored = await write(current, next, entries);
        inWrite.push((await writes.outbox.entriesOf(id)).map((e) => e.eventId));
        return stored;
      };
      const dispatched: number[] = [];
      const dispatch = relay.dispatch.bind(relay);
      relay.dispatch = async (s, dispatchedId, staged) => {
        dispatched.push(inWrite.length);
        return dispatch(s, dispatchedId, staged);
      };
      await store.update(id, increment);
      expect(inWrite).toEqual([[expect.any(String)]]);
      expect(dispatched).toEqual([1]); // after the one write
      expect(await writes.read(id)).toMatchObject({ count: 1, version: 1 });
    });

    it('a version conflict reads again and decides again on the fresh state', async () => {
      const { id, zero, writes, overwrite, store, seqs, log, increment } = await setup();
      await store.create(unchanged(zero));
      const write = writes.write.bind(writes);
      let writesTried = 0;
      writes.write = async (current, next, entries) => {
        // Another writer gets in between the first read and its write.
        if (++writesTried === 1) await overwrite({ id, count: 10, version: 1 });
        return write(current, next, entries);
      };
      let decided = 0;
      const result = await store.update(id, (c) => (decided++, increment(c)));
      expect(decided).toBe(2);
      expect(result).toMatchObject({ count: 11, version: 2 });
      expect(await writes.read(id)).toMatchObject({ count: 11, version: 2 });
      expect(seqs()).toEqual([11]); // the refused attempt's event was never stored
      expect(await writes.outbox.entriesOf(id)).toEqual([]);
      expect(log).toEqual(['hook -→0 sent=0', 'hook 10→11 sent=1']);
    });

    it(`is bounded: after ${MAX_WRITE_ATTEMPTS} conflicting writes the typed busy error, nothing written`, async () => {
      const { id, zero, writes, overwrite, store, sent, increment } = await setup();
      await store.create(unchanged(zero));
      let decided = 0;
      // Every write finds the counter changed meanwhile: another writer moves it on each time.
      const write = writes.write.bind(writes);
      writes.write = async (current, next, entries) => {
        await overwrite({ ...current, version: current.version + 1 });
        return write(current, next, entries);
      };
      await expect(store.update(id, (c) => (decided++, increment(c)))).rejects.toMatchObject({ code: 'counter-busy' });
      expect(decided).toBe(MAX_WRITE_ATTEMPTS);
      expect(sent).toEqual([]);
      expect(await writes.outbox.entriesOf(id)).toEqual([]);
      expect(await writes.read(id)).toMatchObject({ count: 0 });
    });

    it('a decide that throws a DomainError leaves nothing written, sent or hooked', async () => {
      const { id, zero, writes, store, sent, log } = await setup();
      await store.create(unchanged(zero));
      await expect(
        store.update(id, () => {
          throw new DomainError('counter-refused', 'no', 409);
        }),
      ).rejects.toMatchObject({ code: 'counter-refused' });
      expect(await writes.read(id)).toEqual(zero);
      expect(await writes.outbox.entriesOf(id)).toEqual([]);
      expect(sent).toEqual([]);
      expect(log).toHaveLength(1); // the create's
    });

    it('an unchanged decision writes nothing and runs no hook', async () => {
      const { id, zero, writes, store, log } = await setup();
      await store.create(unchanged(zero));
      const write = jest.spyOn(writes, 'write');
      expect(await store.update(id, (c) => unchanged(c))).toEqual(zero);
      expect(write).not.toHaveBeenCalled();
      expect(log).toHaveLength(1);
    });

    it("an insert of a taken id is the repository's error; insert-once, false with nothing sent", async () => {
      const { zero, store, sent, log, increment } = await setup();
      await store.create(unchanged(zero));
      await expect(store.create(increment(zero))).rejects.toMatchObject({ code: 'counter-exists' });
      expect(sent).toEqual([]);
      const once = await setup({ insertOnce: true });
      await once.store.create(unchanged(once.zero));
      expect(await once.store.create(once.increment(once.zero))).toBe(false);
      expect(once.sent).toEqual([]);
      expect(once.log).toHaveLength(1);
      expect(log).toHaveLength(1);
    });

    it("a missing id is the store's (or the call's) missing error", async () => {
      const { store, increment } = await setup();
      await expect(store.update('nowhere', increment)).rejects.toMatchObject({ code: 'counter-not-found' });
      await expect(store.update('nowhere', increment, { missing: (missingId) => new Error(`unknown ${missingId}`) })).rejects.toThrow(
        'unknown nowhere',
      );
    });

    it("stages with the call's context over the aggregate's (the causing event)", async () => {
      const { id, zero, store, sent, increment } = await setup();
      await store.create(unchanged(zero));
      await store.update(id, increment, { context: { causationId: 'cause-1', correlationId: 'corr-x' } });
      expect(JSON.parse(sent[0]!.message.value)).toMatchObject({ subject: id, correlationId: 'corr-x', causationId: 'cause-1' });
    });

    it('serves a remembered copy without a read; asks the store again before refusing on it', async () => {
      const copies = new Map<string, Counter>();
      const { id, zero, writes, store, increment } = await setup({
        recent: { recall: (c) => copies.get(c), remember: (c) => void copies.set(c.id, c), forget: (c) => void copies.delete(c) },
      });
      await store.create(unchanged(zero));
      const read = jest.spyOn(writes, 'read');
      copies.set(id, zero);
      expect(await store.update(id, increment)).toMatchObject({ count: 1, version: 1 });
      expect(read).not.toHaveBeenCalled();
      // A copy the rule refuses (as if count were already 5) is not trusted: the stored one is asked.
      copies.set(id, { id, count: 5, version: 1 });
      const atMostThree = (c: Counter) => {
        if (c.count >= 3) throw new DomainError('counter-full', 'full', 409);
        return increment(c);
      };
      expect(await store.update(id, atMostThree)).toMatchObject({ count: 2, version: 2 });
      expect(read).toHaveBeenCalledTimes(1);
    });

    it('tells the relay what the write knows of the document: created, written over its own copy, or over a read', async () => {
      const copies = new Map<string, Counter>();
      const { id, zero, relay, store, overwrite, seqs, increment } = await setup({
        recent: { recall: (c) => copies.get(c), remember: (c) => void copies.set(c.id, c), forget: (c) => void copies.delete(c) },
      });
      const dispatch = jest.spyOn(relay, 'dispatch');
      const how = () => dispatch.mock.calls.map((call) => call[3]);
      await store.create(increment(zero));
      await store.update(id, increment); // over the copy the create remembered
      expect(how()).toEqual([{ created: true }, { overOwnWrite: true }]);
      // Another writer in between: the copy fails its condition, the state is read again.
      await overwrite({ id, count: 10, version: 5 });
      await store.update(id, increment);
      copies.delete(id);
      await store.update(id, increment);
      expect(how().slice(2)).toEqual([{ overOwnWrite: false }, { overOwnWrite: false }]);
      expect(seqs()).toEqual([1, 2, 11, 12]);
    });

    it("tells the relay when a write stored the aggregate's last state (finished)", async () => {
      const { id, zero, relay, store, increment } = await setup({ finished: (c) => c.count >= 2 });
      const dispatch = jest.spyOn(relay, 'dispatch');
      await store.create(increment(zero));
      await store.update(id, increment);
      expect(dispatch.mock.calls.map((call) => call[3])).toEqual([{ created: true }, { overOwnWrite: false, finished: true }]);
    });

    it('a write over a copy that came from a read (ownWrites false) is not over its own write: the relay reads back', async () => {
      const copies = new Map<string, Counter>();
      const { id, zero, relay, store, increment } = await setup({
        recent: { ownWrites: false, recall: (c) => copies.get(c), remember: () => undefined, forget: (c) => void copies.delete(c) },
      });
      await store.create(unchanged(zero));
      const dispatch = jest.spyOn(relay, 'dispatch');
      copies.set(id, zero);
      expect(await store.update(id, increment)).toMatchObject({ count: 1, version: 1 });
      expect(dispatch.mock.calls.map((call) => call[3])).toEqual([{ overOwnWrite: false }]);
    });
  });
}
