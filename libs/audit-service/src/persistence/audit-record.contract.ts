// The audit record store's behaviour as one list of cases, run on every adapter: the memory twin
// (audit-record.memory.unit.spec.ts) and MongoDB (audit-record.mongo.int.spec.ts). Not a test file
// by itself (no tier in its name): the specs of the adapters call it.
import { randomUUID } from 'node:crypto';
import type { AuditRecord } from '../domain/audit-record';
import { seal, type ChainedAuditRecord } from '../domain/hash-chain';
import type { AuditRecordRepository } from './audit-record.repository';

/** Builds a repository over a fresh or shared store; cases use their own subjects, sessions and topics. */
export type AuditRecordRepositoryFactory = () => Promise<{ repo: AuditRecordRepository; cleanup?: () => Promise<void> }>;

/** A record of its own topic (so of its own chain), subject and session. */
function recordOf(over: Partial<AuditRecord> & { id: string }): AuditRecord {
  return {
    type: 'session.opened',
    version: 1,
    time: '2026-11-24T09:00:00.000000Z',
    source: 'card-session',
    subject: 'session-1',
    correlationId: 'c-1',
    data: { sessionId: 'session-1', outcome: 'matched' },
    topic: 'session.opened.v1',
    partition: 0,
    offset: '0',
    traceId: '0af7651916cd43dd8448eb211c80319c',
    recordedAt: '2026-11-24T09:00:05.000Z',
    ...over,
  };
}

/** Seals and inserts records one after another on their chains (as the ledger does). */
async function append(repo: AuditRecordRepository, ...records: AuditRecord[]): Promise<ChainedAuditRecord[]> {
  const sealed: ChainedAuditRecord[] = [];
  for (const r of records) {
    const chained = seal(r, await repo.head(`${r.topic}/${r.partition}/${r.recordedAt.slice(0, 10)}`));
    expect(await repo.insert(chained)).toBe('inserted');
    sealed.push(chained);
  }
  return sealed;
}

export function auditRecordRepositoryContract(make: AuditRecordRepositoryFactory): void {
  let repo: AuditRecordRepository;
  let cleanup: (() => Promise<void>) | undefined;
  let topic: string;
  let subject: string;
  beforeEach(async () => {
    ({ repo, cleanup } = await make());
    topic = `t-${randomUUID().slice(0, 8)}.v1`;
    subject = randomUUID();
  });
  afterEach(async () => cleanup?.());

  it('stores an event once, one record per chain position, and knows each chain’s head', async () => {
    const chain = `${topic}/0/2026-11-24`;
    expect(await repo.head(chain)).toBeNull();
    const [first] = await append(repo, recordOf({ id: `${subject}-1`, topic, subject }));
    expect(await repo.exists(`${subject}-1`)).toBe(true);
    expect(await repo.exists(`${subject}-9`)).toBe(false);
    expect(await repo.head(chain)).toEqual({ seq: first!.seq, hash: first!.hash });
    // the same event again, and another event at the position already taken
    expect(await repo.insert(first!)).toBe('taken');
    expect(await repo.insert({ ...first!, id: `${subject}-2` })).toBe('taken');
    const [second] = await append(repo, recordOf({ id: `${subject}-2`, topic, subject }));
    expect(await repo.head(chain)).toEqual({ seq: first!.seq + 1, hash: second!.hash });
  });

  it('answers inserts made at once each for its own record, a refused one refusing only itself', async () => {
    const [stored] = await append(repo, recordOf({ id: `${subject}-0`, topic, subject }));
    const fresh = [1, 2, 3].map((partition) => seal(recordOf({ id: `${subject}-p${partition}`, topic, subject, partition }), null));
    const results = await Promise.all([
      repo.insert(fresh[0]!),
      repo.insert(stored!), // the same event again
      repo.insert(fresh[1]!),
      repo.insert(seal(recordOf({ id: `${subject}-late`, topic, subject }), null)), // a position already taken
      repo.insert(fresh[2]!),
    ]);
    expect(results).toEqual(['inserted', 'taken', 'inserted', 'taken', 'inserted']);
    expect(await repo.head(`${topic}/0/2026-11-24`)).toEqual({ seq: stored!.seq, hash: stored!.hash });
    for (const record of fresh) expect(await repo.head(record.chain)).toEqual({ seq: 1, hash: record.hash });
    expect(await repo.exists(`${subject}-late`)).toBe(false);
  });

  it('stores runs of records in order, runs made at once together, stopping at the first refused', async () => {
    const run = (partition: number, ids: string[], head: { seq: number; hash: string } | null = null) => {
      const sealed: ChainedAuditRecord[] = [];
      for (const id of ids) sealed.push((head = seal(recordOf({ id: `${subject}-${id}`, topic, subject, partition }), head)));
      return sealed;
    };
    const a = run(1, ['a1', 'a2', 'a3']);
    const b = run(2, ['b1', 'b2']);
    expect(await Promise.all([repo.insertRun!(a), repo.insertRun!(b)])).toEqual([
      ['inserted', 'inserted', 'inserted'],
      ['inserted', 'inserted'],
    ]);
    expect(await repo.head(`${topic}/1/2026-11-24`)).toEqual({ seq: 3, hash: a[2]!.hash });
    // a run whose second record is a redelivery: the first stored, the rest not tried (nothing linked to a record not stored)
    const [a4] = run(1, ['a4'], { seq: 3, hash: a[2]!.hash });
    const after = run(1, ['a5'], { seq: 4, hash: a4!.hash });
    expect(await repo.insertRun!([a4!, a[0]!, after[0]!])).toEqual(['inserted', 'taken', 'not-tried']);
    expect(await repo.exists(`${subject}-a5`)).toBe(false);
    // a position another writer took
    const taken = run(2, ['x1', 'x2']);
    expect(await repo.insertRun!(taken)).toEqual(['taken', 'not-tried']);
    expect(await repo.head(`${topic}/2/2026-11-24`)).toEqual({ seq: 2, hash: b[1]!.hash });
  });

  it('tells the story of a subject in time order, and of several subjects at once', async () => {
    const other = randomUUID();
    await append(
      repo,
      recordOf({ id: `${subject}-b`, topic, subject, type: 'session.card-read', time: '2026-11-24T09:00:01.000200Z' }),
      recordOf({ id: `${subject}-a`, topic, subject, time: '2026-11-24T09:00:01.000100Z' }),
      recordOf({ id: `${other}-a`, topic, subject: other, time: '2026-11-24T09:00:01.000150Z' }),
    );
    expect((await repo.bySubject(subject)).map((r) => r.id)).toEqual([`${subject}-a`, `${subject}-b`]);
    expect((await repo.bySubjects([subject, other])).map((r) => r.id)).toEqual([`${subject}-a`, `${other}-a`, `${subject}-b`]);
    expect(await repo.bySubjects([])).toEqual([]);
  });

  it('finds records by type, time range and facets, oldest first, up to the limit', async () => {
    const deviceId = `dev-${subject.slice(0, 8)}`;
    const facets = { sessionId: subject, deviceId, siteId: 'bus-1', institutionNumber: '1311234569' };
    await append(
      repo,
      recordOf({ id: `${subject}-1`, topic, subject, time: '2026-11-24T09:00:01.000100Z', facets }),
      recordOf({ id: `${subject}-2`, topic, subject, type: 'session.card-read', time: '2026-11-24T09:00:01.000200Z', facets }),
      recordOf({
        id: `${subject}-3`,
        topic,
        subject,
        type: 'verification.outcome',
        time: '2026-11-24T09:00:02.000000Z',
        facets: { ...facets, insurerNumber: '06139018' },
      }),
    );
    expect((await repo.find({ deviceId, limit: 10 })).map((r) => r.id)).toEqual([`${subject}-1`, `${subject}-2`, `${subject}-3`]);
    expect((await repo.find({ deviceId, type: 'session.card-read', limit: 10 })).map((r) => r.id)).toEqual([`${subject}-2`]);
    expect(
      (await repo.find({ deviceId, from: '2026-11-24T09:00:01.000150Z', to: '2026-11-24T09:00:02.000000Z', limit: 10 })).map((r) => r.id),
    ).toEqual([`${subject}-2`]);
    expect((await repo.find({ deviceId, insurerNumber: '06139018', limit: 10 })).map((r) => r.id)).toEqual([`${subject}-3`]);
    expect((await repo.find({ deviceId, limit: 2 })).map((r) => r.id)).toEqual([`${subject}-1`, `${subject}-2`]);
    // handed out without the chain fields
    expect(Object.keys((await repo.find({ deviceId, limit: 1 }))[0]!)).not.toContain('hash');
  });

  it('lists the sessions with a matching record, first seen first, up to the limit', async () => {
    const siteId = `site-${subject.slice(0, 8)}`;
    const [s1, s2, s3] = [randomUUID(), randomUUID(), randomUUID()];
    await append(
      repo,
      recordOf({ id: `${s2}-1`, topic, subject: s2, time: '2026-11-24T09:00:02Z', facets: { sessionId: s2, siteId } }),
      recordOf({ id: `${s1}-1`, topic, subject: s1, time: '2026-11-24T09:00:01Z', facets: { sessionId: s1, siteId } }),
      recordOf({ id: `${s1}-2`, topic, subject: s1, time: '2026-11-24T09:00:03Z', facets: { sessionId: s1, siteId } }),
      recordOf({ id: `${s3}-1`, topic, subject: s3, time: '2026-11-24T09:00:04Z', facets: { sessionId: s3, siteId } }),
      recordOf({ id: `${subject}-device`, topic, subject, time: '2026-11-24T09:00:00Z', facets: { siteId } }),
    );
    expect(await repo.sessionIds({ siteId, limit: 10 })).toEqual([s1, s2, s3]);
    expect(await repo.sessionIds({ siteId, limit: 2 })).toEqual([s1, s2]);
    expect(await repo.sessionIds({ siteId, sessionId: s3, limit: 10 })).toEqual([s3]);
  });

  it('answers the chains of a day range, chain by chain in sequence, with their links', async () => {
    const [a1, a2] = await append(repo, recordOf({ id: `${subject}-a1`, topic }), recordOf({ id: `${subject}-a2`, topic }));
    const [b1] = await append(repo, recordOf({ id: `${subject}-b1`, topic, partition: 1 }));
    await append(repo, recordOf({ id: `${subject}-next-day`, topic, recordedAt: '2026-11-25T00:00:01.000Z' }));
    const mine = (await repo.chainsOn('2026-11-24', '2026-11-24')).filter((r) => r.topic === topic);
    expect(mine).toEqual([a1, a2, b1]);
    expect((await repo.chainsOn('2026-11-24', '2026-11-25')).filter((r) => r.topic === topic)).toHaveLength(4);
  });

  it('hands out copies: changing what it answered changes nothing stored', async () => {
    await append(repo, recordOf({ id: `${subject}-1`, topic, subject }));
    const [out] = await repo.bySubject(subject);
    (out!.data as Record<string, unknown>).outcome = 'changed';
    const [chained] = await repo.chainsOn('2026-11-24', '2026-11-24').then((all) => all.filter((r) => r.topic === topic));
    (chained!.data as Record<string, unknown>).outcome = 'changed';
    expect(((await repo.bySubject(subject))[0]!.data as Record<string, unknown>).outcome).toBe('matched');
  });
}
