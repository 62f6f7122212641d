// The voucher port's behaviour as one list of cases, run on the memory adapter
// (voucher.memory.unit.spec.ts) and on MongoDB (voucher.mongo.int.spec.ts).
import type { OutboxEntry } from '@hcv/persistence';
import { aVoucher } from '@hcv/testing';
import { MemberDigester } from '../adapters/member-seal';
import { toStoredVoucher } from '../domain/voucher';
import { undoVoucherUse } from '../domain/voucher-use.decide';
import type { VoucherRepository } from './voucher.repository';

const voucher = toStoredVoucher(
  { ...aVoucher({ symbol: 'AB12' }), importedAt: '2026-04-01T00:00:00Z' },
  new MemberDigester('contract-test-voucher-key'),
);
const aStoredVoucher = (voucherNumber: string) => ({ ...voucher, voucherNumber });
const aUse = (sessionId: string, siteId = 'bus-01') => ({
  sessionId,
  institutionNumber: '1311234569',
  siteId,
  at: '2026-11-24T09:00:00.000Z',
});
const entry = (eventId: string): OutboxEntry => ({
  eventId,
  topic: 'voucher.use-undone.v1',
  key: 'k',
  value: '{}',
  headers: {},
  stagedAt: '2026-11-24T10:00:00.000Z',
});

export function voucherRepositoryContract(make: () => Promise<{ repo: VoucherRepository; cleanup?: () => Promise<void> }>): void {
  async function withRepo(test: (repo: VoucherRepository) => Promise<void>) {
    const { repo, cleanup } = await make();
    try {
      await test(repo);
    } finally {
      await cleanup?.();
    }
  }

  it('imports idempotently and never resets a use', () =>
    withRepo(async (repo) => {
      const first = aStoredVoucher('26001000011');
      expect(await repo.importMany([first])).toEqual({ imported: 1, unchanged: 0 });
      await repo.claim(first.voucherNumber, aUse('s-1', 'facility-01'));
      expect(await repo.importMany([first, aStoredVoucher('26001000012')])).toEqual({ imported: 1, unchanged: 1 });
      expect((await repo.get(first.voucherNumber))?.usedBy?.sessionId).toBe('s-1');
    }));

  it('reads a voucher back as imported, without an outbox; null for one never imported', () =>
    withRepo(async (repo) => {
      const v = aStoredVoucher('26001000021');
      await repo.importMany([v]);
      const stored = await repo.get(v.voucherNumber);
      expect(stored).toMatchObject({
        voucherNumber: v.voucherNumber,
        insurerNumber: v.insurerNumber,
        member: v.member,
        masked: v.masked,
        history: [],
      });
      expect(stored).not.toHaveProperty('usedBy');
      expect(stored).not.toHaveProperty('outbox');
      expect(await repo.get('99999999998')).toBeNull();
    }));

  it('the first session claiming wins; another loses; the winner’s redelivery still holds it; an unknown voucher answers null', () =>
    withRepo(async (repo) => {
      const number = '26001000031';
      await repo.importMany([aStoredVoucher(number)]);
      expect((await repo.claim(number, aUse('s-1')))?.sessionId).toBe('s-1');
      expect((await repo.claim(number, aUse('s-2')))?.sessionId).toBe('s-1');
      expect((await repo.claim(number, aUse('s-1')))?.sessionId).toBe('s-1');
      expect((await repo.get(number))?.history).toEqual([{ action: 'used', ...aUse('s-1') }]);
      expect(await repo.claim('99999999999', aUse('s-3'))).toBeNull();
    }));

  it('lets an operator undo a use; the history shows the use and the undoing, and the voucher can be used again', () =>
    withRepo(async (repo) => {
      const number = '26001000077';
      await repo.importMany([aStoredVoucher(number)]);
      await repo.claim(number, aUse('s-first', 'bus-1'));
      const used = (await repo.get(number))!;
      const undone = undoVoucherUse(
        { sessionId: 's-first', by: 'op', reason: 'wrong visitor' },
        used,
        new Date('2026-11-24T10:00:00.000Z'),
      ).state;
      expect(await repo.write(used, undone)).toEqual(undone);
      expect(await repo.write(used, undone)).toBeNull(); // decided on a copy the voucher no longer is: nothing written twice
      expect((await repo.claim(number, aUse('s-second', 'bus-2')))?.sessionId).toBe('s-second');
      const stored = await repo.get(number);
      expect(stored?.history?.map((h) => `${h.action}:${h.sessionId}`)).toEqual(['used:s-first', 'use-undone:s-first', 'used:s-second']);
      expect(stored?.history?.[1]).toMatchObject({ by: 'op', reason: 'wrong visitor' });
    }));

  it('writes the events of a change into the voucher’s outbox with it, until they are marked sent', () =>
    withRepo(async (repo) => {
      const number = '26001000041';
      await repo.importMany([aStoredVoucher(number)]);
      await repo.claim(number, aUse('s-1'));
      const used = (await repo.get(number))!;
      const undone = undoVoucherUse(
        { sessionId: 's-1', by: 'op', reason: 'wrong visitor' },
        used,
        new Date('2026-11-24T10:00:00.000Z'),
      ).state;
      await repo.write(used, undone, [entry('e-1'), entry('e-2')]);
      expect((await repo.outbox.entriesOf(number)).map((e) => e.eventId)).toEqual(['e-1', 'e-2']);
      expect(await repo.outbox.pending('2026-11-24T10:00:00.000Z', 10)).toContain(number);
      await repo.outbox.markSent(number, ['e-1']);
      expect((await repo.outbox.entriesOf(number)).map((e) => e.eventId)).toEqual(['e-2']);
      expect(await repo.get(number)).not.toHaveProperty('outbox');
    }));

  it('refuses a write decided on a voucher another session claimed meanwhile', () =>
    withRepo(async (repo) => {
      const number = '26001000051';
      await repo.importMany([aStoredVoucher(number)]);
      const free = (await repo.get(number))!;
      await repo.claim(number, aUse('s-1'));
      expect(await repo.write(free, { ...free, history: [] })).toBeNull();
      expect((await repo.get(number))?.usedBy?.sessionId).toBe('s-1');
    }));
}
