import { createLogger } from '@hcv/observability';
import { InMemoryOutboxStore, storeWithOutbox } from './in-memory-outbox-store';
import type { OutboxEntry } from './outbox-entry';
import { OutboxRelay } from './outbox-relay';
import { WriteOnceOutboxStore } from './write-once-outbox-store';

const entry = (eventId: string): OutboxEntry => ({
  eventId,
  topic: 'things.v1',
  key: 'k',
  value: `{"id":"${eventId}"}`,
  headers: {},
  stagedAt: '2026-11-24T09:00:00.000Z',
});

/** A write-once collection in memory whose reads of a document's outbox are counted. */
function setup(maxRemembered?: number) {
  const docs = new Map<string, object>();
  const inner = new InMemoryOutboxStore('things', docs);
  let reads = 0;
  const counted = Object.assign(Object.create(inner) as InMemoryOutboxStore, {
    entriesOf: (id: string) => (reads++, inner.entriesOf(id)),
  });
  const store = new WriteOnceOutboxStore(counted, maxRemembered);
  const insertOnce = (id: string, entries: OutboxEntry[]) => {
    if (docs.has(id)) return false;
    docs.set(id, storeWithOutbox(undefined, { state: id }, entries));
    store.remember(id, entries);
    return true;
  };
  return { store, docs, insertOnce, reads: () => reads };
}

describe('WriteOnceOutboxStore', () => {
  it('answers the first question about a document it just inserted from memory, every later one from the store', async () => {
    const { store, insertOnce, reads } = setup();
    insertOnce('a', [entry('e-1'), entry('e-2')]);
    expect((await store.entriesOf('a')).map((e) => e.eventId)).toEqual(['e-1', 'e-2']);
    expect(reads()).toBe(0);
    // Not sent (say the send failed): the next drain reads the document, which still holds them.
    expect((await store.entriesOf('a')).map((e) => e.eventId)).toEqual(['e-1', 'e-2']);
    expect(reads()).toBe(1);
    await store.markSent('a', ['e-1', 'e-2']);
    expect(await store.entriesOf('a')).toEqual([]);
  });

  it('a document another writer inserted (nothing remembered here) is read back', async () => {
    const { store, docs, reads } = setup();
    docs.set('b', storeWithOutbox(undefined, { state: 'b' }, [entry('e-9')]));
    expect((await store.entriesOf('b')).map((e) => e.eventId)).toEqual(['e-9']);
    expect(reads()).toBe(1);
  });

  it('a mark forgets what was remembered: a later drain reads the document (nothing left to send)', async () => {
    const { store, insertOnce, reads } = setup();
    insertOnce('c', [entry('e-3')]);
    await store.markSent('c', ['e-3']);
    expect(await store.entriesOf('c')).toEqual([]);
    expect(reads()).toBe(1);
  });

  it('remembers a bounded number of documents: past it the oldest are read back', async () => {
    const { store, insertOnce, reads } = setup(2);
    insertOnce('d1', [entry('e-1')]);
    insertOnce('d2', [entry('e-2')]);
    insertOnce('d3', [entry('e-3')]);
    for (const id of ['d1', 'd2', 'd3']) expect(await store.entriesOf(id)).toHaveLength(1);
    expect(reads()).toBe(1);
  });

  it('behind the relay in the background mode: each inserted document is sent once, in order, without a read-back, and marked', async () => {
    const { store, docs, insertOnce, reads } = setup();
    const sent: string[] = [];
    const relay = new OutboxRelay({
      source: 'voucher-matching',
      stores: [store],
      send: async (_topic, message) => void sent.push(JSON.parse(message.value).id),
      logger: createLogger({ service: 't', level: 'error' }),
      dispatchMode: 'background',
    });
    for (const id of ['x', 'y']) {
      insertOnce(id, [entry(`${id}-1`), entry(`${id}-2`)]);
      await relay.dispatch(store, id);
    }
    await relay.settled();
    expect(sent).toEqual(['x-1', 'x-2', 'y-1', 'y-2']);
    expect(reads()).toBe(0);
    expect([...docs.values()].map((d) => (d as { outbox?: unknown[] }).outbox ?? [])).toEqual([[], []]);
    // A sweep afterwards finds nothing pending: nothing is sent twice.
    expect(await relay.sweepOnce()).toBe(0);
    expect(sent).toHaveLength(4);
  });
});
