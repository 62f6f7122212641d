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
