import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { QualificationResolvedV1, type EventEnvelope } from '@hcv/contracts';
import { keyRingOf } from '@hcv/platform-runtime';
import { connectTestDatabase } from '@hcv/testing';
import { cipherKeyId, decryptInsuranceFields } from '../adapters/insurance-cipher';
import { MongoAuditRecordRepository } from '../persistence/audit-record.mongo';
import { AuditLedger } from '../record-event/audit-ledger';
import { RecordEventHandler } from '../record-event/record-event.handler';
import { rekeyInsuranceCiphers } from './rekey-insurance';

const [oldKey, newKey] = ['rekey-test-audit-key-one-000000000000', 'rekey-test-audit-key-two-000000000000'];
const clock = () => new Date('2026-11-25T09:31:00.000Z');
const resolved = (i: number): EventEnvelope =>
  ({
    id: randomUUID(),
    type: 'qualification.resolved',
    version: 1,
    time: '2026-11-25T09:30:59.000Z',
    source: 'qualification-lookup',
    subject: `s-${i}`,
    correlationId: `c-${i}`,
    data: {
      request: { sessionId: `s-${i}` },
      result: { status: 'eligible', qualification: { insurerNumber: '06139018', symbol: `${i}`, number: `${1000 + i}` } },
    },
  }) as EventEnvelope;

describe('key rotation of the audit insurance cipher (npm run audit:rekey) against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_audit_rekey');
  });
  afterAll(async () => db.drop());

  it('re-encrypts old records under the new key outside the chain, resumes after a crash at its checkpoint, and the chains still verify', async () => {
    const repository = new MongoAuditRecordRepository(db.connection);
    await repository.ensureIndexes();
    const ledger = new AuditLedger(repository);
    const record = (keys: Parameters<typeof keyRingOf>[0], current: string, from: number, count: number) =>
      Promise.all(
        Array.from({ length: count }, (_, j) =>
          new RecordEventHandler(ledger, keyRingOf(keys, current), clock).handle(resolved(from + j), {
            topic: QualificationResolvedV1.topic,
            partition: 0,
            offset: String(from + j),
            attempt: 1,
          }),
        ),
      );
    // Before the rotation: key 1 writes. Then the new key joins and writes (no downtime: both read).
    await record({ '1': oldKey }, '1', 0, 7);
    const rotated = keyRingOf({ '1': oldKey, '2': newKey }, '2');
    await record({ '1': oldKey, '2': newKey }, '2', 100, 3);
    const docs = () =>
      db.connection.collection<{ _id: string; insuranceCipher: string; rekeyedInsuranceCipher?: string }>('audit_events').find().toArray();
    expect((await docs()).map((d) => cipherKeyId(d.insuranceCipher)).sort()).toEqual([...Array(7).fill('1'), '2', '2', '2']);

    // A run that dies after two batches of three leaves its checkpoint; the next one resumes there.
    const first = await rekeyInsuranceCiphers({ connection: db.connection, keys: rotated, batchSize: 3, maxBatches: 2 });
    expect(first).toMatchObject({ toKeyId: '2', examined: 6, complete: false });
    const checkpoint = await db.connection
      .collection<{ _id: string; after: string }>('audit_maintenance')
      .findOne({ _id: 'insurance-rekey' });
    const second = await rekeyInsuranceCiphers({ connection: db.connection, keys: rotated, batchSize: 3 });
    expect(second).toMatchObject({ toKeyId: '2', resumedAfter: checkpoint!.after, examined: 4, complete: true });
    expect(first.rekeyed + second.rekeyed).toBe(7);
    // Nothing left: a run now examines everything and changes nothing.
    expect(await rekeyInsuranceCiphers({ connection: db.connection, keys: rotated })).toMatchObject({
      examined: 10,
      rekeyed: 0,
      complete: true,
    });

    // The old key leaves the ring: every record still reads, and the chains verify unchanged.
    const onlyNew = keyRingOf({ '2': newKey });
    for (const d of await docs()) {
      const fields = decryptInsuranceFields(d.rekeyedInsuranceCipher ?? d.insuranceCipher, onlyNew);
      expect(Object.keys(fields).sort()).toEqual(['result.qualification.number', 'result.qualification.symbol']);
    }
    const report = await ledger.verify('2026-11-25', '2026-11-25');
    expect(report).toMatchObject({ ok: true, records: 10 });
  });
});
