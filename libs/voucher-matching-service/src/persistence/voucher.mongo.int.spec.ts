import type { Connection } from 'mongoose';
import { aVoucher, connectTestDatabase } from '@hcv/testing';
import { MemberDigester } from '../adapters/member-seal';
import { toStoredVoucher } from '../domain/voucher';
import { MongoVoucherRepository } from './voucher.mongo';
import { voucherRepositoryContract } from './voucher.contract';

const voucher = toStoredVoucher(
  { ...aVoucher({ voucherNumber: '26001000099' }), importedAt: '2026-04-01T00:00:00Z' },
  new MemberDigester('int-test-voucher-key'),
);
const use = (sessionId: string, siteId: string) => ({ sessionId, institutionNumber: '1311234569', siteId, at: '2026-11-24T09:00:00.000Z' });

describe('voucher repository against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_voucher_matching');
  });
  afterAll(async () => db.drop());

  voucherRepositoryContract(async () => ({ repo: new MongoVoucherRepository(db.connection) }));

  // The single-use guarantee under real concurrency: only the database can interleave these claims.
  it('lets exactly one of many devices presenting the same voucher at once use it', async () => {
    const repo = new MongoVoucherRepository(db.connection);
    const number = voucher.voucherNumber;
    await repo.importMany([voucher]);
    const sessions = Array.from({ length: 12 }, (_, i) => `session-${i}`);
    const holders = await Promise.all(sessions.map((s, i) => repo.claim(number, use(s, `bus-${i}`))));
    const winners = sessions.filter((s, i) => holders[i]?.sessionId === s);
    expect(winners).toHaveLength(1);
    // Everyone agrees on who holds it, and a redelivery to the winner is still recognised.
    expect(new Set(holders.map((h) => h?.sessionId))).toEqual(new Set(winners));
    expect((await repo.claim(number, use(winners[0]!, 'bus-x')))?.sessionId).toBe(winners[0]);
  });
});
