import type { Connection } from 'mongoose';
import { aVoucher, connectTestDatabase } from '@hcv/testing';
import { MemberDigester } from './member-seal';
import { toStoredVoucher } from './voucher';
import { undoVoucherUse } from '../domain/voucher-use.decide';
import { MongoVoucherRepository } from './voucher.repository';

const voucher = toStoredVoucher({ ...aVoucher({ symbol: 'AB12' }), importedAt: '2026-04-01T00:00:00Z' }, new MemberDigester('int-test-voucher-key'));
const use = (sessionId: string, siteId: string) => ({ sessionId, institutionNumber: '1311234566', siteId, at: '2026-11-24T09:00:00.000Z' });

describe('voucher repository against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_voucher_matching');
  });
  afterAll(async () => db.drop());

  it('imports idempotently and never resets a use', async () => {
    const repo = new MongoVoucherRepository(db.connection);
    expect(await repo.importMany([voucher])).toEqual({ imported: 1, unchanged: 0 });
    await repo.claim(voucher.voucherNumber, use('s-1', 'facility-01'));
    expect(await repo.importMany([voucher, { ...voucher, voucherNumber: '26001000002' }])).toEqual({ imported: 1, unchanged: 1 });
    expect((await repo.get(voucher.voucherNumber))?.usedBy?.sessionId).toBe('s-1');
  });

  it('lets exactly one of many devices presenting the same voucher at once use it', async () => {
    const repo = new MongoVoucherRepository(db.connection);
    const number = '26001000099';
    await repo.importMany([{ ...voucher, voucherNumber: number }]);
    const sessions = Array.from({ length: 12 }, (_, i) => `session-${i}`);
    const holders = await Promise.all(sessions.map((s, i) => repo.claim(number, use(s, `bus-${i}`))));
    const winners = sessions.filter((s, i) => holders[i]?.sessionId === s);
    expect(winners).toHaveLength(1);
    // Everyone agrees on who holds it, and a redelivery to the winner is still recognised.
    expect(new Set(holders.map((h) => h?.sessionId))).toEqual(new Set(winners));
    expect((await repo.claim(number, use(winners[0]!, 'bus-x')))?.sessionId).toBe(winners[0]);
  });

  it('lets an operator undo a use; the history shows the use and the undoing, and the voucher can be used again', async () => {
    const repo = new MongoVoucherRepository(db.connection);
    const number = '26001000077';
    await repo.importMany([{ ...voucher, voucherNumber: number }]);
    await repo.claim(number, use('s-first', 'bus-1'));
    const used = (await repo.get(number))!;
    const undone = undoVoucherUse({ sessionId: 's-first', by: 'op', reason: 'wrong visitor' }, used, new Date('2026-11-24T10:00:00.000Z')).state;
    expect(await repo.write(used, undone)).toEqual(undone);
    expect(await repo.write(used, undone)).toBeNull(); // decided on a copy the voucher no longer is: nothing written twice
    expect((await repo.claim(number, use('s-second', 'bus-2')))?.sessionId).toBe('s-second');
    const stored = await repo.get(number);
    expect(stored?.history?.map((h) => `${h.action}:${h.sessionId}`)).toEqual(['used:s-first', 'use-undone:s-first', 'used:s-second']);
    expect(stored?.history?.[1]).toMatchObject({ by: 'op', reason: 'wrong visitor' });
  });

  it('answers null for a voucher that was never imported', async () => {
    const repo = new MongoVoucherRepository(db.connection);
    expect(await repo.claim('99999999999', use('s', 'x'))).toBeNull();
  });
});
