// The voucher port's behaviour as one list of cases, run on the memory adapter
// (voucher.memory.unit.spec.ts) and on MongoDB (voucher.mongo.int.spec.ts).
import type { VoucherRecord } from '@hcv/contracts';
import type { OutboxEntry } from '@hcv/persistence';
import { aVoucher, EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_INSURER_NUMBER } from '@hcv/testing';
import { MemberDigester } from '../adapters/member-seal';
import { toImportedVoucher, voucherId, type VoucherUse } from '../domain/voucher';
import { undoVoucherUse } from '../domain/voucher-use.decide';
import type { VoucherRepository } from './voucher.repository';

const OTHER_INSURER = '33120015';
const OTHER_INSTITUTION = '3410712362';
const sealer = new MemberDigester('contract-test-voucher-key');
const aRecord = (voucherNumber: string, overrides: Partial<VoucherRecord> = {}, importedAt = '2026-04-01T00:00:00.000Z') =>
  toImportedVoucher({ ...aVoucher({ symbol: 'AB12', voucherNumber, ...overrides }), importedAt }, sealer);
const keyOf = (voucherNumber: string, insurerNumber = EXAMPLE_INSURER_NUMBER) => ({ insurerNumber, voucherNumber });
const aUse = (sessionId: string, overrides: Partial<VoucherUse> = {}): VoucherUse => ({
  sessionId,
  institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
  siteId: 'bus-01',
  siteName: '中央健診バス1号',
  at: '2026-11-24T09:00:00.000Z',
  checkupDate: '2026-11-24',
  voucherKind: 'checkup',
  parts: ['basic', 'detailed'],
  ...overrides,
});
const entry = (eventId: string): OutboxEntry => ({
  eventId,
  topic: 'voucher.use-undone.v2',
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

  it('imports idempotently: an identical re-import is unchanged and never resets a use', () =>
    withRepo(async (repo) => {
      const first = aRecord('26001000011');
      expect(await repo.importMany([first])).toEqual({ imported: 1, reissued: 0, unchanged: 0 });
      expect(await repo.claim(keyOf('26001000011'), aUse('s-1'))).toEqual({ granted: true });
      const again = { ...first, importedAt: '2026-05-01T00:00:00.000Z' };
      expect(await repo.importMany([again, aRecord('26001000012')])).toEqual({ imported: 1, reissued: 0, unchanged: 1 });
      const stored = await repo.get(keyOf('26001000011'));
      expect(stored?.uses.map((u) => u.sessionId)).toEqual(['s-1']);
      expect(stored?.record?.importedAt).toBe('2026-04-01T00:00:00.000Z');
      expect(stored?.reissues).toEqual([]);
    }));

  it('imports a batch mixing new, identical, re-issued and only-presented vouchers, each counted once', () =>
    withRepo(async (repo) => {
      const [fresh, same, changed, presented] = ['26001000111', '26001000112', '26001000113', '26001000114'];
      await repo.importMany([aRecord(same), aRecord(changed)]);
      await repo.claim(keyOf(changed), aUse('s-changed'));
      await repo.claim(keyOf(presented), aUse('s-presented'));
      const later = '2026-09-01T00:00:00.000Z';
      const batch = [
        aRecord(fresh, {}, later),
        aRecord(same, {}, later),
        aRecord(changed, { validUntil: '2027-06-30' }, later),
        aRecord(presented, {}, later),
      ];
      expect(await repo.importMany(batch)).toEqual({ imported: 2, reissued: 1, unchanged: 1 });
      expect((await repo.get(keyOf(fresh)))?.record).toEqual(batch[0]);
      expect((await repo.get(keyOf(same)))?.record?.importedAt).toBe('2026-04-01T00:00:00.000Z');
      const reissued = (await repo.get(keyOf(changed)))!;
      expect(reissued.record).toEqual(batch[2]);
      expect(reissued.reissues).toEqual([{ ...aRecord(changed), replacedAt: later }]);
      expect(reissued.history.map((h) => h.action)).toEqual(['used', 'reissued']);
      expect(reissued.uses.map((u) => u.sessionId)).toEqual(['s-changed']);
      const nowImported = (await repo.get(keyOf(presented)))!;
      expect(nowImported.record).toEqual(batch[3]);
      expect(nowImported.uses.map((u) => u.sessionId)).toEqual(['s-presented']);
      expect(await repo.importMany(batch)).toEqual({ imported: 0, reissued: 0, unchanged: 4 });
    }));

  it('two imports of the same large batch at once, with claims meanwhile: each voucher imported once, every use kept', () =>
    withRepo(async (repo) => {
      // More records than the database adapter reads and inserts in one go, so that both imports
      // cross a chunk boundary while racing each other and the claims.
      const numbers = Array.from({ length: 1_250 }, (_, i) => `2600200${String(i).padStart(4, '0')}`);
      const batch = numbers.map((n) => aRecord(n));
      const claimed = numbers.filter((_, i) => i % 50 === 7);
      const [a, b] = await Promise.all([
        repo.importMany(batch),
        repo.importMany(batch),
        ...claimed.map((n) => repo.claim(keyOf(n), aUse(`s-${n}`))),
      ]);
      expect(a!.reissued + b!.reissued).toBe(0);
      expect(a!.imported + b!.imported).toBe(batch.length);
      expect(a!.unchanged + b!.unchanged).toBe(batch.length);
      for (const n of [numbers[0]!, numbers.at(-1)!, ...claimed]) {
        const stored = (await repo.get(keyOf(n)))!;
        expect(stored.record).toEqual(aRecord(n));
        expect(stored.uses.map((u) => u.sessionId)).toEqual(claimed.includes(n) ? [`s-${n}`] : []);
        expect(stored.reissues).toEqual([]);
      }
    }));

  it('two insurers’ vouchers with the same number are two vouchers: imported, read, found and used apart', () =>
    withRepo(async (repo) => {
      const number = '26001000061';
      const mine = aRecord(number);
      const theirs = aRecord(number, { insurerNumber: OTHER_INSURER, validUntil: '2027-01-31' });
      expect(await repo.importMany([mine, theirs])).toEqual({ imported: 2, reissued: 0, unchanged: 0 });
      expect((await repo.get(keyOf(number)))?.record?.validUntil).toBe('2027-03-31');
      expect((await repo.get(keyOf(number, OTHER_INSURER)))?.record?.validUntil).toBe('2027-01-31');
      expect((await repo.findByNumber(number)).map((v) => v.insurerNumber).sort()).toEqual([EXAMPLE_INSURER_NUMBER, OTHER_INSURER].sort());
      expect(await repo.findByNumber('26001000069')).toEqual([]);
      expect(await repo.claim(keyOf(number), aUse('s-mine'))).toEqual({ granted: true });
      expect(await repo.claim(keyOf(number, OTHER_INSURER), aUse('s-theirs', { institutionNumber: OTHER_INSTITUTION }))).toEqual({
        granted: true,
      });
      expect((await repo.get(keyOf(number, OTHER_INSURER)))?.uses.map((u) => u.sessionId)).toEqual(['s-theirs']);
    }));

  it('a re-issue replaces the record, keeps the replaced one and names the changed fields; the uses stay', () =>
    withRepo(async (repo) => {
      const number = '26001000071';
      await repo.importMany([aRecord(number)]);
      await repo.claim(keyOf(number), aUse('s-1', { parts: ['basic'] }));
      const reissued = aRecord(
        number,
        { validUntil: '2027-06-30', copayments: { basic: { kind: 'rate', percent: 10 } } },
        '2026-09-01T00:00:00.000Z',
      );
      expect(await repo.importMany([reissued])).toEqual({ imported: 0, reissued: 1, unchanged: 0 });
      expect(await repo.importMany([reissued])).toEqual({ imported: 0, reissued: 0, unchanged: 1 });
      const stored = (await repo.get(keyOf(number)))!;
      expect(stored.record).toEqual(reissued);
      expect(stored.reissues).toEqual([{ ...aRecord(number), replacedAt: '2026-09-01T00:00:00.000Z' }]);
      expect(stored.uses.map((u) => u.sessionId)).toEqual(['s-1']);
      expect(stored.history.map((h) => h.action)).toEqual(['used', 'reissued']);
      expect(stored.history[1]).toEqual({ action: 'reissued', fields: ['copayments', 'validUntil'], at: '2026-09-01T00:00:00.000Z' });
    }));

  it('reads a voucher back as imported, without an outbox; null for one never imported nor used', () =>
    withRepo(async (repo) => {
      const v = aRecord('26001000021');
      await repo.importMany([v]);
      const stored = await repo.get(keyOf('26001000021'));
      expect(stored).toEqual({
        insurerNumber: v.insurerNumber,
        voucherNumber: v.voucherNumber,
        record: v,
        reissues: [],
        uses: [],
        history: [],
      });
      expect(stored).not.toHaveProperty('outbox');
      expect(await repo.get(keyOf('99999999998'))).toBeNull();
    }));

  it('vouchers read together (the matches of one consumer batch) are each answered on their own, the same one twice as two copies', () =>
    withRepo(async (repo) => {
      const [one, two] = [aRecord('26001000022'), aRecord('26001000023')];
      await repo.importMany([one, two]);
      const [a, b, missing, again] = await Promise.all([
        repo.get(keyOf('26001000022')),
        repo.get(keyOf('26001000023')),
        repo.get(keyOf('99999999997')),
        repo.get(keyOf('26001000022')),
      ]);
      expect(a?.record).toEqual(one);
      expect(b?.record).toEqual(two);
      expect(missing).toBeNull();
      expect(again).toEqual(a);
      // Two callers never share one copy: a change to one is not seen by the other.
      a!.uses.push(aUse('s-local'));
      expect(again!.uses).toEqual([]);
    }));

  it('a voucher never imported gets its document on its first use; a later import adds its record, keeping the use', () =>
    withRepo(async (repo) => {
      const number = '26001000081';
      expect(await repo.claim(keyOf(number), aUse('s-paper'))).toEqual({ granted: true });
      const presented = await repo.get(keyOf(number));
      expect(presented).toEqual({
        ...keyOf(number),
        reissues: [],
        uses: [aUse('s-paper')],
        history: [{ action: 'used', ...aUse('s-paper') }],
      });
      expect(await repo.importMany([aRecord(number)])).toEqual({ imported: 1, reissued: 0, unchanged: 0 });
      const stored = await repo.get(keyOf(number));
      expect(stored?.record).toEqual(aRecord(number));
      expect(stored?.uses.map((u) => u.sessionId)).toEqual(['s-paper']);
    }));

  it('claims: a redelivery is granted once; another institution is refused naming the first use', () =>
    withRepo(async (repo) => {
      const number = '26001000031';
      await repo.importMany([aRecord(number)]);
      expect(await repo.claim(keyOf(number), aUse('s-1'))).toEqual({ granted: true });
      expect(await repo.claim(keyOf(number), aUse('s-1'))).toEqual({ granted: true });
      expect(await repo.claim(keyOf(number), aUse('s-2', { institutionNumber: OTHER_INSTITUTION, siteId: 'hall' }))).toEqual({
        granted: false,
        firstUse: {
          siteId: 'bus-01',
          siteName: '中央健診バス1号',
          institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
          at: '2026-11-24T09:00:00.000Z',
        },
      });
      expect((await repo.get(keyOf(number)))?.history).toEqual([{ action: 'used', ...aUse('s-1') }]);
    }));

  it('claims: a request whose use was undone claims nothing when it comes again (the history names it); a new request may', () =>
    withRepo(async (repo) => {
      const number = '26001000049';
      await repo.importMany([aRecord(number)]);
      const first = aUse('s-1', { requestId: 'request-1' });
      expect(await repo.claim(keyOf(number), first)).toEqual({ granted: true });
      const used = (await repo.get(keyOf(number)))!;
      expect(used.history).toEqual([{ action: 'used', ...first }]);
      const undone = undoVoucherUse({ sessionId: 's-1', by: 'op', reason: 'wrong visitor' }, used, new Date('2026-11-24T10:00:00.000Z'));
      expect(await repo.write(used, undone.state)).not.toBeNull();
      // The same request again, as read just before and as stored: granted as a repeat, nothing written.
      expect(await repo.claim(keyOf(number), first, await repo.get(keyOf(number)))).toEqual({ granted: true });
      expect(await repo.claim(keyOf(number), first)).toEqual({ granted: true });
      expect((await repo.get(keyOf(number)))?.history.map((h) => h.action)).toEqual(['used', 'use-undone']);
      expect((await repo.get(keyOf(number)))?.uses).toEqual([]);
      const again = aUse('s-1', { requestId: 'request-2' });
      expect(await repo.claim(keyOf(number), again)).toEqual({ granted: true });
      expect((await repo.get(keyOf(number)))?.uses).toEqual([again]);
    }));

  it('claims at the same institution: parts on later dates granted, a second complete checkup refused', () =>
    withRepo(async (repo) => {
      const number = '26001000091';
      await repo.importMany([aRecord(number)]);
      expect(await repo.claim(keyOf(number), aUse('s-basic', { parts: ['basic'] }))).toEqual({ granted: true });
      expect(await repo.claim(keyOf(number), aUse('s-detailed', { parts: ['detailed'], checkupDate: '2026-12-01' }))).toEqual({
        granted: true,
      });
      expect(await repo.claim(keyOf(number), aUse('s-again', { parts: ['basic'], checkupDate: '2026-12-08' }))).toMatchObject({
        granted: false,
      });
      expect((await repo.get(keyOf(number)))?.uses.map((u) => u.sessionId)).toEqual(['s-basic', 's-detailed']);
    }));

  it('lets an operator undo a use; the history shows the use and the undoing, and the voucher can be used again', () =>
    withRepo(async (repo) => {
      const number = '26001000077';
      await repo.importMany([aRecord(number)]);
      await repo.claim(keyOf(number), aUse('s-first', { siteId: 'bus-1' }));
      const used = (await repo.get(keyOf(number)))!;
      const undone = undoVoucherUse(
        { sessionId: 's-first', by: 'op', reason: 'wrong visitor' },
        used,
        new Date('2026-11-24T10:00:00.000Z'),
      ).state;
      expect(await repo.write(used, undone)).toEqual(undone);
      expect(await repo.write(used, undone)).toBeNull(); // decided on a copy the voucher no longer is: nothing written twice
      expect(await repo.claim(keyOf(number), aUse('s-second', { siteId: 'bus-2', institutionNumber: OTHER_INSTITUTION }))).toEqual({
        granted: true,
      });
      const stored = (await repo.get(keyOf(number)))!;
      expect(stored.uses.map((u) => u.sessionId)).toEqual(['s-second']);
      expect(stored.history.map((h) => `${h.action}:${'sessionId' in h ? h.sessionId : ''}`)).toEqual([
        'used:s-first',
        'use-undone:s-first',
        'used:s-second',
      ]);
      expect(stored.history[1]).toMatchObject({ by: 'op', reason: 'wrong visitor' });
    }));

  it('writes the events of a change into the voucher’s outbox with it, until they are marked sent', () =>
    withRepo(async (repo) => {
      const number = '26001000041';
      const id = voucherId(keyOf(number));
      await repo.importMany([aRecord(number)]);
      await repo.claim(keyOf(number), aUse('s-1'));
      const used = (await repo.get(keyOf(number)))!;
      const undone = undoVoucherUse(
        { sessionId: 's-1', by: 'op', reason: 'wrong visitor' },
        used,
        new Date('2026-11-24T10:00:00.000Z'),
      ).state;
      await repo.write(used, undone, [entry('e-1'), entry('e-2')]);
      expect((await repo.outbox.entriesOf(id)).map((e) => e.eventId)).toEqual(['e-1', 'e-2']);
      expect(await repo.outbox.pending('2026-11-24T10:00:00.000Z', 10)).toContain(id);
      await repo.outbox.markSent(id, ['e-1']);
      expect((await repo.outbox.entriesOf(id)).map((e) => e.eventId)).toEqual(['e-2']);
      expect(await repo.get(keyOf(number))).not.toHaveProperty('outbox');
    }));

  it('refuses a write decided on a voucher used or re-issued meanwhile', () =>
    withRepo(async (repo) => {
      const number = '26001000051';
      await repo.importMany([aRecord(number)]);
      const free = (await repo.get(keyOf(number)))!;
      await repo.claim(keyOf(number), aUse('s-1'));
      expect(await repo.write(free, { ...free, uses: [] })).toBeNull();
      const used = (await repo.get(keyOf(number)))!;
      await repo.importMany([aRecord(number, { validUntil: '2027-02-28' }, '2026-10-01T00:00:00.000Z')]);
      expect(await repo.write(used, { ...used, uses: [] })).toBeNull();
      expect((await repo.get(keyOf(number)))?.uses.map((u) => u.sessionId)).toEqual(['s-1']);
    }));
}
