import { draft, unchanged, type Decision } from '@hcv/contracts';
import { DomainError } from '@hcv/domain-errors';
import type { RawMessage } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { sequencedContract } from '@hcv/testing';
import { OutboxRelay } from '../outbox/outbox-relay';
import { MAX_WRITE_ATTEMPTS, AggregateStore, type RecentCopies } from './aggregate-store';
import { InMemoryAggregateWrites } from './in-memory-aggregate-writes';

interface Counter {
  id: string;
  count: number;
  version: number;
}

const contract = sequencedContract('uow-unit');
const logger = createLogger({ service: 'test', level: 'error' });

function setup(recent?: RecentCopies<Counter>) {
  const writes = new InMemoryAggregateWrites<Counter>({
    name: 'counters',
    idOf: (c) => c.id,
    exists: (id) => new DomainError('counter-exists', `counter ${id} exists`, 409),
    unchangedSince: (stored, current) => stored.version === current.version,
    stored: (next, current) => ({ ...next, version: current.version + 1 }),
  });
  const log: string[] = [];
  const sent: { topic: string; message: RawMessage }[] = [];
  const relay = new OutboxRelay({ source: 'audit', stores: [writes.outbox], logger, graceMillis: 0, send: async (topic, message) => void sent.push({ topic, message }) });
  const store = new AggregateStore<Counter>({
    writes,
    outbox: relay,
    idOf: (c) => c.id,
    context: (c) => ({ subject: c.id, correlationId: `corr-${c.id}` }),
    missing: (id) => new DomainError('counter-not-found', `no counter ${id}`, 404),
    busy: (id) => new DomainError('counter-busy', `counter ${id} is busy`, 409),
    afterCommit: (after, before) => void log.push(`hook ${before?.count ?? '-'}→${after.count} sent=${sent.length}`),
    recent,
  });
  const increment = (c: Counter): Decision<Counter> => ({ state: { ...c, count: c.count + 1 }, events: [draft(contract, { key: c.id, seq: c.count + 1 })] });
  return { writes, relay, store, sent, log, increment };
}

describe('AggregateStore (unit of work) on the memory twin', () => {
  it('creates: the state and its events in one write, dispatched after it, the hook once', async () => {
    const { writes, store, sent, log, increment } = setup();
    expect(await store.create(increment({ id: 'a', count: 0, version: 0 }))).toBe(true);
    expect(await writes.read('a')).toMatchObject({ id: 'a', count: 1 });
    expect(sent.map((m) => JSON.parse(m.message.value))).toEqual([expect.objectContaining({ subject: 'a', correlationId: 'corr-a', data: { key: 'a', seq: 1 } })]);
    expect(log).toEqual(['hook -→1 sent=1']);
    expect(await writes.outbox.entriesOf('a')).toEqual([]); // sent, then removed
  });

  it('stages the events in the same write as the state, and dispatches only after the write', async () => {
    const { writes, relay, store, increment } = setup();
    await store.create({ state: { id: 'a', count: 0, version: 0 }, events: [] });
    const inWrite: string[][] = [];
    const write = writes.write.bind(writes);
    writes.write = async (current, next, entries) => {
      const stored = await write(current, next, entries);
      inWrite.push((await writes.outbox.entriesOf('a')).map((e) => e.eventId));
      return stored;
    };
    const dispatched: number[] = [];
    const dispatch = relay.dispatch.bind(relay);
    relay.dispatch = async (s, id, staged) => {
      dispatched.push(inWrite.length);
      return dispatch(s, id, staged);
    };
    await store.update('a', increment);
    expect(inWrite).toEqual([[expect.any(String)]]);
    expect(dispatched).toEqual([1]); // after the one write
  });

  it('a version conflict reads again and decides again on the fresh state', async () => {
    const { writes, store, sent, log, increment } = setup();
    await store.create({ state: { id: 'a', count: 0, version: 0 }, events: [] });
    let decided = 0;
    const result = await store.update('a', (c) => {
      decided++;
      // Another writer gets in between the first read and its write.
      if (decided === 1) writes.docs.set('a', { ...writes.docs.get('a')!, count: 10, version: 1 });
      return increment(c);
    });
    expect(decided).toBe(2);
    expect(result).toMatchObject({ count: 11, version: 2 });
    expect(sent.map((m) => JSON.parse(m.message.value).data.seq)).toEqual([11]); // the refused attempt's event was never stored
    expect(log).toEqual(['hook -→0 sent=0', 'hook 10→11 sent=1']);
  });

  it(`is bounded: after ${MAX_WRITE_ATTEMPTS} conflicting writes the typed busy error, nothing written`, async () => {
    const { writes, store, sent, increment } = setup();
    await store.create({ state: { id: 'a', count: 0, version: 0 }, events: [] });
    writes.write = async () => null; // always changed meanwhile
    let decided = 0;
    await expect(store.update('a', (c) => (decided++, increment(c)))).rejects.toMatchObject({ code: 'counter-busy' });
    expect(decided).toBe(MAX_WRITE_ATTEMPTS);
    expect(sent).toEqual([]);
    expect(await writes.read('a')).toMatchObject({ count: 0 });
  });

  it('a decide that throws a DomainError leaves nothing written, sent or hooked', async () => {
    const { writes, store, sent, log } = setup();
    await store.create({ state: { id: 'a', count: 0, version: 0 }, events: [] });
    await expect(
      store.update('a', () => {
        throw new DomainError('counter-refused', 'no', 409);
      }),
    ).rejects.toMatchObject({ code: 'counter-refused' });
    expect(await writes.read('a')).toEqual({ id: 'a', count: 0, version: 0 });
    expect(await writes.outbox.entriesOf('a')).toEqual([]);
    expect(sent).toEqual([]);
    expect(log).toHaveLength(1); // the create's
  });

  it('an unchanged decision writes nothing and runs no hook', async () => {
    const { writes, store, log } = setup();
    await store.create({ state: { id: 'a', count: 0, version: 0 }, events: [] });
    const write = jest.spyOn(writes, 'write');
    expect(await store.update('a', (c) => unchanged(c))).toEqual({ id: 'a', count: 0, version: 0 });
    expect(write).not.toHaveBeenCalled();
    expect(log).toHaveLength(1);
  });

  it('an insert of a taken id is the repository\'s error (or, insert-once, false with nothing sent)', async () => {
    const { writes, store, sent, log, increment } = setup();
    await store.create({ state: { id: 'a', count: 0, version: 0 }, events: [] });
    await expect(store.create(increment({ id: 'a', count: 0, version: 0 }))).rejects.toMatchObject({ code: 'counter-exists' });
    (writes as unknown as { options: { exists?: unknown } }).options.exists = undefined;
    expect(await store.create(increment({ id: 'a', count: 0, version: 0 }))).toBe(false);
    expect(sent).toEqual([]);
    expect(log).toHaveLength(1);
  });

  it('a missing id is the store\'s (or the call\'s) missing error', async () => {
    const { store, increment } = setup();
    await expect(store.update('x', increment)).rejects.toMatchObject({ code: 'counter-not-found' });
    await expect(store.update('x', increment, { missing: (id) => new Error(`unknown ${id}`) })).rejects.toThrow('unknown x');
  });

  it('stages with the call\'s context over the aggregate\'s (the causing event)', async () => {
    const { store, sent, increment } = setup();
    await store.create({ state: { id: 'a', count: 0, version: 0 }, events: [] });
    await store.update('a', increment, { context: { causationId: 'cause-1', correlationId: 'corr-x' } });
    expect(JSON.parse(sent[0]!.message.value)).toMatchObject({ subject: 'a', correlationId: 'corr-x', causationId: 'cause-1' });
  });

  it('serves a remembered copy without a read; asks the store again before refusing on it', async () => {
    const copies = new Map<string, Counter>();
    const { writes, store: remembering, increment } = setup({ recall: (id) => copies.get(id), remember: (c) => void copies.set(c.id, c), forget: (id) => void copies.delete(id) });
    await remembering.create({ state: { id: 'a', count: 0, version: 0 }, events: [] });
    const read = jest.spyOn(writes, 'read');
    copies.set('a', { id: 'a', count: 0, version: 0 });
    expect(await remembering.update('a', increment)).toMatchObject({ count: 1, version: 1 });
    expect(read).not.toHaveBeenCalled();
    // A copy the rule refuses (as if count were already 5) is not trusted: the stored one is asked.
    copies.set('a', { id: 'a', count: 5, version: 1 });
    const atMostThree = (c: Counter) => {
      if (c.count >= 3) throw new DomainError('counter-full', 'full', 409);
      return increment(c);
    };
    expect(await remembering.update('a', atMostThree)).toMatchObject({ count: 2, version: 2 });
    expect(read).toHaveBeenCalledTimes(1);
  });
});
