import { AuditLedger } from './audit-ledger';
import type { AuditRecord } from '../domain/audit-record';
import { InMemoryAuditRecordRepository } from '../persistence/audit-record.memory';

const record = (id: string): AuditRecord => ({
  id,
  type: 'session.opened',
  version: 1,
  time: '2026-11-25T09:00:00.000Z',
  source: 'card-session',
  subject: 's-1',
  correlationId: 'c-1',
  data: { sessionId: 's-1' },
  topic: 'session.opened.v1',
  partition: 0,
  offset: '0',
  recordedAt: '2026-11-25T09:00:01.000Z',
});

describe('audit ledger after a database failure', () => {
  it('reads the chain heads again, so a write the crashed server lost leaves no gap in the chain', async () => {
    // The store behind the ledger: records 1 and 2 survive, record 3 is acknowledged and then lost.
    let current = new InMemoryAuditRecordRepository();
    let failing = false;
    const store = {
      exists: (id: string) => current.exists(id),
      head: (chain: string) => current.head(chain),
      insert: async (r: Parameters<InMemoryAuditRecordRepository['insert']>[0]) => {
        if (failing) throw Object.assign(new Error('connection closed'), { name: 'MongoNetworkError' });
        return current.insert(r);
      },
      bySubject: (s: string) => current.bySubject(s),
      bySubjects: (s: string[]) => current.bySubjects(s),
      find: (q: Parameters<InMemoryAuditRecordRepository['find']>[0]) => current.find(q),
      sessionIds: (q: Parameters<InMemoryAuditRecordRepository['sessionIds']>[0]) => current.sessionIds(q),
      chainsOn: (from: string, to: string) => current.chainsOn(from, to),
    };
    const ledger = new AuditLedger(store);
    expect(await ledger.append(record('e-1'))).toBe(true);
    expect(await ledger.append(record('e-2'))).toBe(true);
    const beforeCrash = (await current.chainsOn('2026-11-25', '2026-11-25')).map((r) => ({ ...r }));
    expect(await ledger.append(record('e-3'))).toBe(true);

    // crash: the server comes back without e-3; meanwhile an append failed against it
    failing = true;
    await expect(ledger.append(record('e-4'))).rejects.toThrow('connection closed');
    const restarted = new InMemoryAuditRecordRepository();
    for (const r of beforeCrash) await restarted.insert(r);
    current = restarted;
    failing = false;

    // e-4 (retried) and e-3 (redelivered) are appended after e-2, with no hole where e-3 was
    expect(await ledger.append(record('e-4'))).toBe(true);
    expect(await ledger.append(record('e-3'))).toBe(true);
    expect(await ledger.verify('2026-11-25', '2026-11-25')).toMatchObject({ ok: true, chains: 1, records: 4 });
  });
});

describe('audit ledger appends asked for together', () => {
  const at = (id: string, offset: number, partition = 0): AuditRecord => ({ ...record(id), offset: String(offset), partition });

  it('links what queued on a chain as one run, in the order asked, and the runs of several chains in one request', async () => {
    const store = new InMemoryAuditRecordRepository();
    const runs = jest.spyOn(store, 'insertRun');
    const ledger = new AuditLedger(store, { gatherTurn: true });
    const appended = await Promise.all([at('a', 1), at('x', 1, 1), at('b', 2), at('c', 3), at('y', 2, 1)].map((r) => ledger.append(r)));
    expect(appended).toEqual([true, true, true, true, true]);
    expect(runs).toHaveBeenCalledTimes(2); // one run per chain (the memory twin has no coalescer)
    const chains = await store.chainsOn('2026-11-25', '2026-11-25');
    expect(chains.filter((r) => r.partition === 0).map((r) => [r.id, r.seq])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    expect(await ledger.verify('2026-11-25', '2026-11-25')).toMatchObject({ ok: true, chains: 2, records: 5 });
  });

  it('answers a redelivered record of a run as already recorded and links the rest after it', async () => {
    const store = new InMemoryAuditRecordRepository();
    const ledger = new AuditLedger(store, { gatherTurn: true });
    expect(await ledger.append(at('a', 1))).toBe(true);
    expect(await Promise.all([at('b', 2), at('a', 1), at('c', 3)].map((r) => ledger.append(r)))).toEqual([true, false, true]);
    expect((await store.chainsOn('2026-11-25', '2026-11-25')).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(await ledger.verify('2026-11-25', '2026-11-25')).toMatchObject({ ok: true, records: 3 });
  });

  it('fails the records queued behind one that could not be linked, so none is linked ahead of it', async () => {
    const store = new InMemoryAuditRecordRepository();
    const failing = new Set(['b']);
    const broken = Object.assign(Object.create(store) as InMemoryAuditRecordRepository, {
      insertRun: undefined,
      insert: async (r: Parameters<InMemoryAuditRecordRepository['insert']>[0]) => {
        if (failing.has(r.id)) throw new TypeError('a bug storing b');
        return store.insert(r);
      },
    });
    const ledger = new AuditLedger(broken, { gatherTurn: true });
    const results = await Promise.allSettled([at('a', 1), at('b', 2), at('c', 3)].map((r) => ledger.append(r)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({
      message: expect.stringMatching(/earlier record .* failed: not linked ahead of it/),
    });
    // delivered again, in order: b then c follow a
    failing.clear();
    expect(await ledger.append(at('b', 2))).toBe(true);
    expect(await ledger.append(at('c', 3))).toBe(true);
    expect((await store.chainsOn('2026-11-25', '2026-11-25')).map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });
});
