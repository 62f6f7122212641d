import type { Connection } from 'mongoose';
import { withInstitutionCheckDigit } from '@hcv/domain';
import { aVoucher, connectTestDatabase, EXAMPLE_INSURER_NUMBER } from '@hcv/testing';
import { MemberDigester } from '../adapters/member-seal';
import { toImportedVoucher, type VoucherUse } from '../domain/voucher';
import { migrateVouchers, type V1VoucherDoc } from './voucher.migration';
import { MongoVoucherRepository } from './voucher.mongo';
import { voucherRepositoryContract } from './voucher.contract';

const sealer = new MemberDigester('int-test-voucher-key');
const record = (voucherNumber: string) =>
  toImportedVoucher({ ...aVoucher({ voucherNumber }), importedAt: '2026-04-01T00:00:00.000Z' }, sealer);
const key = (voucherNumber: string) => ({ insurerNumber: EXAMPLE_INSURER_NUMBER, voucherNumber });
/** Twenty-four institutions, each number with its check digit. */
const institutions = Array.from({ length: 24 }, (_, i) => withInstitutionCheckDigit(String(131100100 + i)));
const use = (sessionId: string, institutionNumber: string, overrides: Partial<VoucherUse> = {}): VoucherUse => ({
  sessionId,
  institutionNumber,
  siteId: `site-${institutionNumber}`,
  at: '2026-11-24T09:00:00.000Z',
  checkupDate: '2026-11-24',
  voucherKind: 'checkup',
  parts: ['basic', 'detailed'],
  ...overrides,
});

describe('voucher repository against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_voucher_matching');
  });
  afterAll(async () => db.drop());

  voucherRepositoryContract(async () => ({ repo: new MongoVoucherRepository(db.connection) }));

  // The single-use guarantee under real concurrency: only the database can interleave these claims.
  // "with the copy read before": each claim decides first on the voucher as its matching read it,
  // before any of them was written — every copy but the winner's is stale by the time it writes.
  it.each([
    ['an imported voucher', '26001000099', true, false],
    ['a voucher never imported (its document is created by the first claim)', '26001000098', false, false],
    ['an imported voucher, with the copy read before', '26001000089', true, true],
    ['a voucher never imported, with the copy read before', '26001000088', false, true],
  ])('of 24 devices at 24 institutions presenting %s at once, exactly one uses it', async (_name, number, imported, withCopy) => {
    const repo = new MongoVoucherRepository(db.connection);
    if (imported) await repo.importMany([record(number)]);
    const sessions = institutions.map((_, i) => `session-${number}-${i}`);
    const copy = withCopy ? await repo.get(key(number)) : undefined;
    const results = await Promise.all(sessions.map((s, i) => repo.claim(key(number), use(s, institutions[i]!), copy)));
    const winners = sessions.filter((_, i) => results[i]!.granted);
    expect(winners).toHaveLength(1);
    const stored = (await repo.get(key(number)))!;
    expect(stored.uses.map((u) => u.sessionId)).toEqual(winners);
    expect(stored.history).toHaveLength(1);
    // Every loser is told the winner's use; a redelivery to the winner is still granted, and writes nothing.
    const winner = stored.uses[0]!;
    for (const r of results.filter((r) => !r.granted)) {
      expect(r).toEqual({
        granted: false,
        firstUse: { siteId: winner.siteId, institutionNumber: winner.institutionNumber, at: winner.at },
      });
    }
    expect(await repo.claim(key(number), winner)).toEqual({ granted: true });
    expect((await repo.get(key(number)))!.history).toHaveLength(1);
  });

  it('at one institution, two devices presenting the voucher at once for different parts are both granted', async () => {
    const repo = new MongoVoucherRepository(db.connection);
    const number = '26001000097';
    await repo.importMany([record(number)]);
    const here = institutions[0]!;
    const results = await Promise.all([
      repo.claim(key(number), use('s-basic', here, { parts: ['basic'] })),
      repo.claim(key(number), use('s-detailed', here, { parts: ['detailed'], checkupDate: '2026-12-01' })),
    ]);
    expect(results).toEqual([{ granted: true }, { granted: true }]);
    expect((await repo.get(key(number)))!.uses.map((u) => u.sessionId).sort()).toEqual(['s-basic', 's-detailed']);
  });

  describe('migration of stored first-shape documents', () => {
    const at = '2026-11-24T16:30:00.000Z'; // 2026-11-25 in Japan
    const sealed = record('26001000201');
    const old = (voucherNumber: string, overrides: Partial<V1VoucherDoc> = {}): V1VoucherDoc => ({
      _id: voucherNumber,
      cardType: 'checkup',
      insurerNumber: EXAMPLE_INSURER_NUMBER,
      member: sealed.member,
      masked: sealed.masked,
      sex: 'male',
      validFrom: '2026-04-01',
      validUntil: '2027-03-31',
      fiscalYear: 2026,
      checkupContent: 'basic+detailed',
      copayment: { kind: 'percentage', percent: 10 },
      contract: { coordinator: 'collective-B', paymentAgentNumber: '12345678' },
      importedAt: '2026-04-01T00:00:00.000Z',
      usedBy: null,
      history: [],
      ...overrides,
    });
    const used = { sessionId: 's-old', institutionNumber: institutions[1]!, siteId: 'bus-7', at };
    const copies: V1VoucherDoc[] = [
      old('26001000201'),
      old('26001000202', {
        usedBy: used,
        history: [
          { action: 'used', ...used, sessionId: 's-before' },
          { action: 'use-undone', sessionId: 's-before', by: 'op', reason: 'wrong visitor', at },
          { action: 'used', ...used },
        ],
      }),
      old('26001000203', { cardType: 'guidance', checkupContent: null, copayment: null, guidanceLevel: 'intensive', contract: null }),
      old('26001000204', { copayment: { kind: 'upper-limit', amount: 5000 }, checkupContent: null }),
    ];

    it('rewrites them keyed by (insurer, number), idempotently, and the repository reads them in the new shape', async () => {
      const vouchers = db.connection.collection<V1VoucherDoc>('vouchers');
      await vouchers.insertMany(copies.map((c) => ({ ...c })));
      const logged: { msg: string; fields?: Record<string, unknown> }[] = [];
      const logger = {
        debug: () => {},
        info: (msg: string, fields?: Record<string, unknown>) => void logged.push({ msg, fields }),
        warn: (msg: string, fields?: Record<string, unknown>) => void logged.push({ msg, fields }),
        error: () => {},
        child: () => logger,
      };
      expect(await migrateVouchers(db.connection, logger)).toEqual({ migrated: 4, conflicts: 0 });
      expect(await migrateVouchers(db.connection, logger)).toEqual({ migrated: 0, conflicts: 0 });
      expect(await vouchers.countDocuments({ cardType: { $exists: true } })).toBe(0);
      // Counts only: no voucher number, no member digest in what was logged.
      expect(logged).toEqual([{ msg: 'vouchers migrated to the (insurer, number) key', fields: { migrated: 4, conflicts: 0 } }]);

      const repo = new MongoVoucherRepository(db.connection);
      const plain = await repo.get(key('26001000201'));
      expect(plain).toEqual({
        ...key('26001000201'),
        record: {
          voucherNumber: '26001000201',
          voucherKind: 'checkup',
          insurerNumber: EXAMPLE_INSURER_NUMBER,
          sex: 'male',
          validFrom: '2026-04-01',
          validUntil: '2027-03-31',
          fiscalYear: 2026,
          copayments: { basic: { kind: 'rate', percent: 10 }, detailed: { kind: 'rate', percent: 10 } },
          coordinator: { kind: 'collective-B' },
          paymentAgentNumber: '12345678',
          member: sealed.member,
          masked: sealed.masked,
          importedAt: '2026-04-01T00:00:00.000Z',
        },
        reissues: [],
        uses: [],
        history: [],
      });
      const usedOne = (await repo.get(key('26001000202')))!;
      const migratedUse = { ...used, checkupDate: '2026-11-25', voucherKind: 'checkup', parts: ['basic', 'detailed'] };
      expect(usedOne.uses).toEqual([migratedUse]);
      expect(usedOne.history.map((h) => h.action)).toEqual(['used', 'use-undone', 'used']);
      expect(usedOne.history[2]).toEqual({ action: 'used', ...migratedUse });
      // The migrated use still holds: another institution is refused, naming it.
      expect(await repo.claim(key('26001000202'), use('s-new', institutions[2]!))).toEqual({
        granted: false,
        firstUse: { siteId: 'bus-7', institutionNumber: institutions[1], at },
      });
      expect((await repo.get(key('26001000203')))!.record).toMatchObject({
        voucherKind: 'guidance',
        guidanceLevel: 'intensive',
        copayments: {},
      });
      expect((await repo.get(key('26001000204')))!.record).toMatchObject({
        copayments: { basic: { kind: 'upper-limit' } },
        insurerUpperLimit: 5000,
      });
      expect((await repo.findByNumber('26001000204')).map((v) => v.insurerNumber)).toEqual([EXAMPLE_INSURER_NUMBER]);
    });
  });
});
