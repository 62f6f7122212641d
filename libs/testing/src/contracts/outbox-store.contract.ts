// The outbox store's behaviour as one list of cases, run on both twins: the memory store with the
// memory writes (storeWithOutbox) in libs/persistence/src/outbox/in-memory-outbox-store.unit.spec.ts,
// and the MongoDB store with its update helpers (replaceKeepingOutbox, insertOnceWithOutbox,
// pushOutbox) in mongo-outbox-store.int.spec.ts. Cases that only one twin can show (round trips,
// read-backs) stay in that twin's spec.
import { describe, expect, it } from '@jest/globals';
import { createLogger } from '@hcv/observability';
import { OutboxRelay, toOutboxEntry, type OutboxEntry, type OutboxStore } from '@hcv/persistence';
import { sequencedContract } from '../fixtures/test-contracts';

/** What the contract stores: a state, an optional note, and the outbox beside them. */
export interface OutboxTestDoc {
  state: string;
  note?: string;
  outbox?: OutboxEntry[];
}

/** One twin: its outbox store and the writers that put entries in the same document write as the state. */
export interface OutboxTwin {
  store: OutboxStore;
  /** Inserts the document with its entries unless the id is taken (then writes nothing): true if inserted. */
  insertOnce(id: string, doc: OutboxTestDoc, entries: readonly OutboxEntry[]): Promise<boolean>;
  /**
   * Replaces the document's fields by `doc`'s (fields absent from it are removed), keeping the stored
   * outbox and appending `entries`; an outbox `doc` carries (a stale copy) is ignored.
   */
  replace(id: string, doc: OutboxTestDoc, entries: readonly OutboxEntry[]): Promise<void>;
  /** Another writer: sets the state and appends entries, without reading the document first. */
  push(id: string, state: string, entries: readonly OutboxEntry[]): Promise<void>;
  /** The document as stored, its outbox included (null when absent). */
  read(id: string): Promise<OutboxTestDoc | null>;
}

/** Builds a fresh twin (an empty collection) for one case. */
export type OutboxTwinFactory = () => Promise<OutboxTwin>;

const logger = createLogger({ service: 'test', level: 'error' });
let ids = 0;
let events = 0;

/** An entry staged at `at`, carrying `seq` (as an envelope's data) so the cases can tell entries apart. */
function entry(seq: number, at: string = new Date().toISOString(), key: string | null = `k-${seq}`): OutboxEntry {
  return toOutboxEntry(
    {
      eventId: `evt-${++events}-${seq}`,
      topic: 'test.outbox-contract',
      key,
      value: JSON.stringify({ data: { seq } }),
      headers: { 'x-seq': String(seq) },
    },
    new Date(at),
  );
}

const seqs = (entries: readonly OutboxEntry[] | undefined) =>
  (entries ?? []).map((e) => (JSON.parse(e.value) as { data: { seq: number } }).data.seq);
const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();

export function outboxStoreContract(twinName: string, makeTwin: OutboxTwinFactory): void {
  const newId = () => `doc-${++ids}`;

  describe(`OutboxStore (contract) on the ${twinName}`, () => {
    it('keeps a document’s entries in the order they were staged, across writes; an unknown document has none', async () => {
      const { store, insertOnce, push, replace } = await makeTwin();
      const id = newId();
      expect(await insertOnce(id, { state: 'a' }, [entry(1), entry(2)])).toBe(true);
      await push(id, 'b', [entry(3)]);
      await replace(id, { state: 'c' }, [entry(4), entry(5)]);
      expect(seqs(await store.entriesOf(id))).toEqual([1, 2, 3, 4, 5]);
      expect(await store.entriesOf(newId())).toEqual([]);
    });

    it('hands the entries back as they were written', async () => {
      const { store, insertOnce } = await makeTwin();
      const id = newId();
      const written = [entry(1, at(1)), entry(2, at(2), null)];
      await insertOnce(id, { state: 'a' }, written);
      expect(await store.entriesOf(id)).toEqual(written.map((e) => ({ ...e })));
    });

    it('hands out the caller’s own list: changing it changes nothing stored', async () => {
      const { store, insertOnce } = await makeTwin();
      const id = newId();
      await insertOnce(id, { state: 'a' }, [entry(1), entry(2)]);
      const list = await store.entriesOf(id);
      list.splice(0, 1);
      list.push(entry(9));
      expect(seqs(await store.entriesOf(id))).toEqual([1, 2]);
    });

    it('a document written without entries is not pending and has none', async () => {
      const { store, insertOnce, replace, read } = await makeTwin();
      const id = newId();
      await insertOnce(id, { state: 'a' }, []);
      await replace(id, { state: 'b' }, []);
      expect(await store.pending(new Date(Date.now() + 60_000).toISOString(), 10)).toEqual([]);
      expect(await store.entriesOf(id)).toEqual([]);
      expect(await read(id)).toMatchObject({ state: 'b' });
      expect(seqs((await read(id))!.outbox)).toEqual([]);
    });

    it('pending: the documents holding an entry staged at or before the time, in the order written, at most `limit`', async () => {
      const { store, insertOnce } = await makeTwin();
      const [a, b, c, later, none] = [newId(), newId(), newId(), newId(), newId()];
      await insertOnce(a, { state: 'a' }, [entry(1, at(1))]);
      await insertOnce(b, { state: 'b' }, [entry(2, at(2))]);
      await insertOnce(c, { state: 'c' }, [entry(3, at(3)), entry(4, at(8))]);
      await insertOnce(later, { state: 'later' }, [entry(5, at(9))]);
      await insertOnce(none, { state: 'none' }, []);
      expect(await store.pending(at(3), 10)).toEqual([a, b, c]);
      expect(await store.pending(at(2), 10)).toEqual([a, b]); // staged exactly at the time counts
      expect(await store.pending(at(0), 10)).toEqual([]);
      expect(await store.pending(at(9), 10)).toEqual([a, b, c, later]);
      expect(await store.pending(at(9), 2)).toEqual([a, b]);
      expect(await store.pending(at(9), 1)).toEqual([a]);
      // Sent, a document is no longer pending; one whose old entry was sent waits for its newer one.
      await store.markSent(
        a,
        (await store.entriesOf(a)).map((e) => e.eventId),
      );
      await store.markSent(c, [(await store.entriesOf(c))[0]!.eventId]);
      expect(await store.pending(at(7), 10)).toEqual([b]);
      expect(await store.pending(at(8), 10)).toEqual([b, c]);
    });

    it('markSent removes the sent entries only: entries staged meanwhile stay, the document’s fields are untouched', async () => {
      const { store, insertOnce, push, read } = await makeTwin();
      const id = newId();
      await insertOnce(id, { state: 'a', note: 'kept' }, [entry(1), entry(2)]);
      const sending = await store.entriesOf(id);
      await push(id, 'b', [entry(3)]); // staged while 1 and 2 are being sent
      await store.markSent(
        id,
        sending.map((e) => e.eventId),
      );
      expect(seqs(await store.entriesOf(id))).toEqual([3]);
      expect(await read(id)).toMatchObject({ state: 'b', note: 'kept' });

      await store.markSent(
        id,
        sending.map((e) => e.eventId),
      ); // sent twice (a retried send): nothing more goes
      await store.markSent(id, []);
      expect(seqs(await store.entriesOf(id))).toEqual([3]);
      const unknown = newId();
      await store.markSent(unknown, ['evt-none']); // nothing to do, and no document made
      expect(await read(unknown)).toBeNull();
    });

    it('a replace from a copy read before the send brings no sent entry back, keeps entries staged meanwhile, and removes absent fields', async () => {
      const { store, insertOnce, push, replace, read } = await makeTwin();
      const id = newId();
      await insertOnce(id, { state: 'a', note: 'x' }, [entry(1), entry(2)]);
      const stale = (await read(id))!;
      expect(seqs(stale.outbox)).toEqual([1, 2]);
      await store.markSent(
        id,
        stale.outbox!.map((e) => e.eventId),
      );
      await push(id, 'pushed', [entry(3)]);
      await replace(id, { ...stale, state: 'b', note: undefined }, [entry(4)]);
      const after = (await read(id))!;
      expect(after.state).toBe('b');
      expect(after.note).toBeUndefined();
      expect(seqs(after.outbox)).toEqual([3, 4]);
      expect(seqs(await store.entriesOf(id))).toEqual([3, 4]);
    });

    it('an insert of a taken id writes nothing: neither its fields nor its entries', async () => {
      const { store, insertOnce, read } = await makeTwin();
      const id = newId();
      expect(await insertOnce(id, { state: 'first' }, [entry(1)])).toBe(true);
      expect(await insertOnce(id, { state: 'second' }, [entry(2)])).toBe(false);
      expect(await read(id)).toMatchObject({ state: 'first' });
      expect(seqs(await store.entriesOf(id))).toEqual([1]);
    });

    it('the relay drains it: a dispatch sends a document’s entries in order and empties it; the sweep and the flush at stop send what nobody dispatched', async () => {
      const { store, insertOnce, push } = await makeTwin();
      const contract = sequencedContract('outbox-store-contract');
      const sent: number[] = [];
      // Not started (no periodic sweep): each drain below is called by the case.
      const relay = new OutboxRelay({
        source: 'audit',
        stores: [store],
        logger,
        graceMillis: 0,
        send: async (_topic, m) => void sent.push(JSON.parse(m.value).data.seq),
      });
      const stage = (seq: number) => relay.stage(contract, { key: 'k', seq }, { subject: 'k', correlationId: 'c' });
      const inAMinute = () => new Date(Date.now() + 60_000).toISOString();

      const dispatched = newId();
      await insertOnce(dispatched, { state: 'a' }, [stage(1), stage(2)]);
      await relay.dispatch(store, dispatched);
      expect(sent).toEqual([1, 2]);
      expect(await store.entriesOf(dispatched)).toEqual([]);

      // Left behind (the writer crashed before its dispatch): the sweep finds and sends them.
      const leftBehind = newId();
      await insertOnce(leftBehind, { state: 'b' }, [stage(3)]);
      await push(leftBehind, 'c', [stage(4)]);
      expect(await store.pending(inAMinute(), 10)).toEqual([leftBehind]);
      expect(await relay.sweepOnce()).toBe(2);
      expect(sent).toEqual([1, 2, 3, 4]);
      expect(await store.pending(inAMinute(), 10)).toEqual([]);

      await push(dispatched, 'd', [stage(5)]);
      await relay.stop(); // flushes
      expect(sent).toEqual([1, 2, 3, 4, 5]);
      expect(await store.pending(inAMinute(), 10)).toEqual([]);
    });
  });
}
