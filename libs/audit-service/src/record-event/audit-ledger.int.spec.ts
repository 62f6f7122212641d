import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { AuditLedger } from './audit-ledger';
import type { AuditRecord } from '../domain/audit-record';
import { MongoAuditRecordRepository } from '../persistence/audit-record.mongo';

const record = (id: string, type: string, time: string, partition = 0): AuditRecord => ({
  id,
  type,
  version: 1,
  time,
  source: 'card-session',
  subject: 'session-1',
  correlationId: 'c-1',
  data: { sessionId: 'session-1', outcome: 'matched' },
  topic: `${type}.v1`,
  partition,
  offset: '0',
  traceId: '0af7651916cd43dd8448eb211c80319c',
  recordedAt: '2026-11-24T09:00:05.000Z',
});

describe('the audit ledger against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_audit');
  });
  afterAll(async () => db.drop());

  it('appends once per event id and tells the story of a subject in time order', async () => {
    const repo = new MongoAuditRecordRepository(db.connection);
    const ledger = new AuditLedger(repo);
    expect(await ledger.append(record('e2', 'session.card-read', '2026-11-24T09:00:01.000200Z'))).toBe(true);
    expect(await ledger.append(record('e1', 'session.opened', '2026-11-24T09:00:01.000100Z'))).toBe(true);
    expect(await ledger.append(record('e1', 'session.opened', '2026-11-24T09:00:01.000100Z'))).toBe(false);
    expect((await repo.bySubject('session-1')).map((r) => r.id)).toEqual(['e1', 'e2']);
    expect((await repo.find({ type: 'session.opened', limit: 10 })).map((r) => r.id)).toEqual(['e1']);
    expect(await repo.find({ from: '2026-11-24T09:00:01.000150Z', limit: 10 })).toHaveLength(1);
  });
});

describe('tamper-evident hash chain', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  let ledger: AuditLedger;
  beforeAll(async () => {
    db = await connectTestDatabase('int_audit_chain');
    const repo = new MongoAuditRecordRepository(db.connection);
    await repo.ensureIndexes();
    ledger = new AuditLedger(repo);
    for (let i = 0; i < 20; i++) {
      await ledger.append({
        ...record(`ev-${i}`, 'verification.outcome', `2026-11-24T09:00:${String(i).padStart(2, '0')}.000000Z`, i % 2),
        offset: String(i),
      });
    }
  });
  afterAll(async () => db.drop());

  it('verifies an untouched history, chain by chain', async () => {
    expect(await ledger.verify('2026-11-24', '2026-11-24')).toMatchObject({ ok: true, chains: 2, records: 20 });
  });

  it('links concurrent appends to one chain without forks', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        ledger.append({ ...record(`race-${i}`, 'session.opened', '2026-11-24T10:00:00.000000Z', 5), offset: String(i) }),
      ),
    );
    expect(await ledger.verify('2026-11-24', '2026-11-24')).toMatchObject({ ok: true, chains: 3, records: 30 });
  });

  it('links the appends of two instances racing for one chain (after a rebalance) without forks', async () => {
    const other = new AuditLedger(new MongoAuditRecordRepository(db.connection));
    for (let round = 0; round < 5; round++) {
      const at = `2026-11-24T11:00:0${round}.000000Z`;
      const [mine, theirs] = await Promise.all([
        ledger.append({ ...record(`mine-${round}`, 'session.expired', at, 6), offset: String(round) }),
        other.append({ ...record(`theirs-${round}`, 'session.expired', at, 6), offset: String(round) }),
      ]);
      expect([mine, theirs]).toEqual([true, true]);
    }
    expect(await ledger.verify('2026-11-24', '2026-11-24')).toMatchObject({ ok: true, chains: 4, records: 40 });
  });

  it('detects a document edited directly in the database, in the endpoint’s verifier and the CLI, naming it', async () => {
    const collection = db.connection.collection('audit_events');
    await collection.updateOne({ _id: 'ev-7' as never }, { $set: { 'data.outcome': 'voucher-already-used' } });
    const report = await ledger.verify('2026-11-24', '2026-11-24');
    expect(report).toMatchObject({
      ok: false,
      firstBroken: { eventId: 'ev-7', problem: 'content-changed', chain: 'verification.outcome.v1/1/2026-11-24' },
    });

    const cli = spawnSync(process.execPath, [join(__dirname, '../../../../dist/apps/audit/src/verify-chain.js'), '--from', '2026-11-24'], {
      env: { PATH: process.env.PATH, MONGO_URL: process.env.MONGO_URL, MONGO_DB: db.connection.name },
      encoding: 'utf8',
    });
    expect(cli.status).toBe(1);
    expect(JSON.parse(cli.stdout).firstBroken).toMatchObject({ eventId: 'ev-7', problem: 'content-changed' });
  });

  it('detects a removed record and a record whose link was rewritten', async () => {
    const collection = db.connection.collection('audit_events');
    await collection.updateOne({ _id: 'ev-7' as never }, { $set: { 'data.outcome': 'matched' } }); // restore
    expect((await ledger.verify('2026-11-24', '2026-11-24')).ok).toBe(true);
    await collection.deleteOne({ _id: 'ev-4' as never });
    expect(await ledger.verify('2026-11-24', '2026-11-24')).toMatchObject({
      ok: false,
      firstBroken: { eventId: 'ev-6', problem: 'record-missing' },
    });
  });
});
