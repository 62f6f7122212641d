import { VerificationOutcomeV3, type LookupResultV2, type PresentedVoucher, type Qualification } from '@hcv/contracts';
import {
  aPresentedVoucher,
  aQualification,
  aVoucher,
  EXAMPLE_INSTITUTION_NUMBER,
  EXAMPLE_INSURER_NUMBER,
  EXAMPLE_VOUCHER_NUMBER,
} from '@hcv/testing';
import { keyRingOf } from '@hcv/platform-runtime';
import { MemberDigester } from '../adapters/member-seal';
import type { Contract } from './contract';
import {
  afterClaim,
  decide,
  decidedVoucher,
  deskCollection,
  inJst,
  recordDecision,
  recordDifferences,
  settledDecision,
  unidentifiedVoucher,
  yenToCollect,
  type Eligibility,
  type ImportedRecord,
  type MatchInput,
} from './voucher-matcher';

const sealer = new MemberDigester('unit-test-voucher-key');

// The card's answer writes the symbol full-width and the name with an ideographic space; the voucher does not.
const q: Qualification = aQualification({ symbol: '１２３４', branch: '01' });
const imported = aVoucher({ branch: '01' });
const { symbol, number, branch, name, birthDate, ...recordRest } = imported;
const record: ImportedRecord = { ...recordRest, member: sealer.seal({ symbol, number, branch: branch!, name, birthDate }) };

const contractA: Contract = {
  contractId: 'collective-A-2026',
  kind: 'collective-A',
  name: 'A 2026',
  coordinator: { id: 'zeneiren', name: '全国労働衛生団体連合会' },
  insurerNumbers: [EXAMPLE_INSURER_NUMBER],
  institutionNumbers: [EXAMPLE_INSTITUTION_NUMBER],
  purposes: ['specific-checkup', 'comprehensive-checkup', 'specific-guidance'],
  unitPrices: { basic: 8_000, detailed: 2_500, additional: 3_000, comprehensive: 40_000, guidance: 20_000 },
  validFrom: '2026-04-01',
  validUntil: '2027-03-31',
  updatedAt: '2026-03-01T00:00:00.000Z',
};
const contractB: Contract = {
  ...contractA,
  contractId: 'collective-B-2026',
  kind: 'collective-B',
  coordinator: { id: 'tokyo-ishikai', name: '東京都医師会' },
};

const online = (result: LookupResultV2 = { status: 'eligible', qualification: q }): Eligibility => ({ source: 'online', result });
const transcribed = (overrides: Partial<Extract<Eligibility, { source: 'transcribed' }>['eligibility']> = {}): Eligibility => ({
  source: 'transcribed',
  method: 'eligibility-certificate',
  eligibility: {
    insurerNumber: q.insurerNumber,
    symbol: q.symbol,
    number: q.number,
    name: q.name,
    birthDate: q.birthDate,
    validUntil: '2027-03-31',
    ...overrides,
  },
});

const on = (overrides: Partial<MatchInput> = {}) =>
  decide({
    checkupDate: '2026-11-24',
    purpose: 'specific-checkup',
    voucher: aPresentedVoucher(),
    record,
    contracts: [contractA],
    eligibility: online(),
    sealer,
    ...overrides,
  });

const guidanceVoucher = (overrides: Partial<PresentedVoucher> = {}) =>
  aPresentedVoucher({
    voucherKind: 'guidance',
    guidanceLevel: 'motivational',
    copayments: { guidance: { kind: 'rate', percent: 10 } },
    ...overrides,
  });

describe('voucher matcher: the order of the rules and every outcome', () => {
  it('matched: the presented voucher, the record and the answer agree (full-width symbol, ideographic space); what the desk collects', () => {
    const d = on();
    expect(d).toMatchObject({
      outcome: 'matched',
      insurerNumber: EXAMPLE_INSURER_NUMBER,
      contractId: 'collective-A-2026',
      source: 'online',
      method: 'mynumber-card',
      verifiedOnline: true,
      comparedSources: ['presented-voucher', 'imported-voucher', 'online-eligibility', 'contract'],
      collect: {
        lines: [
          { part: 'basic', copayment: { kind: 'fixed', amount: 1000 }, yen: 1000, unitPrice: 8000 },
          { part: 'detailed', copayment: { kind: 'none' }, yen: 0, unitPrice: 2500 },
        ],
        totalYen: 1000,
      },
      covers: { parts: ['basic', 'detailed'] },
    });
    expect(d.reasonJa).toContain('窓口負担は1,000円です');
  });

  it('matched from the presented voucher alone (no record imported, as under 集合契約), without comparing a record', () => {
    const d = on({ record: null });
    expect(d.outcome).toBe('matched');
    expect(d.comparedSources).toEqual(['presented-voucher', 'online-eligibility', 'contract']);
  });

  it('no-qualification: retype or retry later, not a flat refusal', () => {
    const d = on({ eligibility: online({ status: 'not-found' }) });
    expect(d.outcome).toBe('no-qualification');
    expect(d.reason).toMatch(/retry later/);
    expect(d.reasonJa).toContain('後ほど再確認');
  });

  it('changed-insurer (資格有効性 3): the new insurer’s voucher is needed', () => {
    const d = on({ eligibility: online({ status: 'changed-insurer', qualification: { ...q, insurerNumber: '01130012' } }) });
    expect(d).toMatchObject({ outcome: 'changed-insurer', insurerNumber: '01130012' });
    expect(d.reasonJa).toContain('新しい保険者');
  });

  it('needs-manual-check for several candidates and for an unavailable upstream — keeping what a settlement collects', () => {
    const several = on({ eligibility: online({ status: 'multiple', candidates: 2 }) });
    expect(several).toMatchObject({ outcome: 'needs-manual-check', contractId: 'collective-A-2026', collect: { totalYen: 1000 } });
    expect(on({ eligibility: online({ status: 'unavailable', reason: 'down' }) }).outcome).toBe('needs-manual-check');
  });

  it('a voucher refused on its own (kind, contract, validity) is said before needs-manual-check: a phone call cannot cure it', () => {
    expect(on({ eligibility: online({ status: 'unavailable', reason: 'down' }), contracts: [] }).outcome).toBe('not-contracted');
  });

  it('voucher-kind-mismatch: a 利用券 for a 特定健診 or a 人間ドック, a 受診券 for 特定保健指導', () => {
    const forCheckup = on({ voucher: guidanceVoucher(), record: null });
    expect(forCheckup.outcome).toBe('voucher-kind-mismatch');
    expect(forCheckup.reasonJa).toContain('受診券が必要');
    expect(on({ voucher: guidanceVoucher(), record: null, purpose: 'comprehensive-checkup' }).outcome).toBe('voucher-kind-mismatch');
    const forGuidance = on({ purpose: 'specific-guidance' });
    expect(forGuidance.outcome).toBe('voucher-kind-mismatch');
    expect(forGuidance.reason).toContain('guidance voucher (利用券)');
    expect(forGuidance.comparedSources).not.toContain('contract');
  });

  it('a 受診券 for a 人間ドック under a contract that covers it matches', () => {
    const voucher = aPresentedVoucher({ copayments: { comprehensive: { kind: 'fixed', amount: 5000 } } });
    expect(on({ voucher, record: null, purpose: 'comprehensive-checkup' })).toMatchObject({
      outcome: 'matched',
      collect: { lines: [{ part: 'comprehensive', yen: 5000 }], totalYen: 5000 },
    });
  });

  it('not-contracted when no contract covers the insurer, the institution, the purpose and the date', () => {
    const d = on({ contracts: [] });
    expect(d).toMatchObject({ outcome: 'not-contracted', insurerNumber: EXAMPLE_INSURER_NUMBER });
    expect(d.comparedSources).toContain('contract');
  });

  it('coordinator-mismatch: a 集合契約B voucher under an A contract, or another 取りまとめ機関 under the same kind, names the contract kind', () => {
    const bVoucher = aPresentedVoucher({
      coordinator: { kind: 'collective-B', organisation: { id: 'tokyo-ishikai', name: '東京都医師会' } },
    });
    const d = on({ voucher: bVoucher, record: null });
    expect(d.outcome).toBe('coordinator-mismatch');
    expect(d.reason).toContain('collective contract B (集合契約B) of 東京都医師会');
    expect(d.reasonJa).toContain('集合契約B（東京都医師会）用');
    const otherOrg = aPresentedVoucher({ coordinator: { kind: 'collective-A', organisation: { id: 'jata', name: '結核予防会' } } });
    expect(on({ voucher: otherOrg, record: null }).outcome).toBe('coordinator-mismatch');
    expect(on({ voucher: aPresentedVoucher({ coordinator: { kind: 'individual' } }), record: null }).outcome).toBe('coordinator-mismatch');
  });

  it('the contract the voucher was issued for is chosen among all covering contracts; a voucher without a coordinator takes any', () => {
    const bVoucher = aPresentedVoucher({ coordinator: { kind: 'collective-B' } });
    expect(on({ voucher: bVoucher, record: null, contracts: [contractA, contractB] })).toMatchObject({
      outcome: 'matched',
      contractId: 'collective-B-2026',
    });
    const { coordinator: _c, ...noCoordinator } = aPresentedVoucher();
    expect(on({ voucher: noCoordinator, record: null, contracts: [contractB] })).toMatchObject({
      outcome: 'matched',
      contractId: 'collective-B-2026',
    });
  });

  it('guidance-level-not-covered: a 利用券 whose level is outside the contract’s guidance levels', () => {
    const onlyIntensive = { ...contractA, guidanceLevels: ['intensive' as const] };
    const d = on({ purpose: 'specific-guidance', voucher: guidanceVoucher(), record: null, contracts: [onlyIntensive] });
    expect(d.outcome).toBe('guidance-level-not-covered');
    expect(d.reasonJa).toContain('動機付け支援');
    expect(
      on({
        purpose: 'specific-guidance',
        voucher: guidanceVoucher(),
        record: null,
        contracts: [onlyIntensive, { ...contractA, contractId: 'x' }],
      }),
    ).toMatchObject({
      outcome: 'matched',
      contractId: 'x',
      covers: { parts: ['guidance'], guidanceLevel: 'motivational' },
      collect: { totalYen: 2000 },
    });
  });

  it('voucher-expired by the printed 有効期限, voucher-not-yet-valid by the record’s validFrom (inclusive bounds)', () => {
    expect(on({ checkupDate: '2027-03-31' }).outcome).toBe('matched');
    expect(on({ checkupDate: '2027-04-01', contracts: [{ ...contractA, validUntil: '2027-12-31' }] }).outcome).toBe('voucher-expired');
    expect(on({ checkupDate: '2026-04-01' }).outcome).toBe('matched');
    expect(on({ checkupDate: '2026-03-31' }).outcome).toBe('voucher-not-yet-valid');
  });

  it('compares 窓口負担 part by part, field by field: the order of the fields does not matter, a part or a value more or less does', () => {
    const differs = (copayments: PresentedVoucher['copayments']) =>
      recordDifferences({ ...aPresentedVoucher(), copayments }, { ...record, copayments: record.copayments }, {}).includes('copayments');
    const same = Object.fromEntries(
      Object.entries(record.copayments).map(([part, c]) => [part, Object.fromEntries(Object.entries(c!).reverse())]),
    ) as PresentedVoucher['copayments'];
    expect(differs(record.copayments)).toBe(false);
    expect(differs(same)).toBe(false);
    const [part, copayment] = Object.entries(record.copayments)[0]!;
    const others = Object.fromEntries(Object.entries(record.copayments).slice(1));
    expect(differs(others)).toBe(true);
    expect(differs({ ...record.copayments, comprehensive: { kind: 'none' } })).toBe(record.copayments.comprehensive === undefined);
    expect(differs({ ...record.copayments, [part]: { kind: 'fixed', amount: 123456 } })).toBe(true);
    expect(differs({ ...record.copayments, [part]: { kind: 'rate', percent: 99 } })).toBe(true);
    expect(differs({ ...record.copayments, [part]: { ...copayment!, extra: 1 } as never })).toBe(true);
  });

  it('voucher-differs-from-record names the fields (never their values): kind, validity, level, 窓口負担, upper limit, coordinator, 記号・番号', () => {
    const d = on({
      voucher: aPresentedVoucher({
        validUntil: '2027-02-28',
        copayments: { basic: { kind: 'fixed', amount: 500 }, detailed: { kind: 'none' } },
        coordinator: { kind: 'collective-A', organisation: { id: 'jata', name: '結核予防会' } },
        number: '0099999',
      }),
      contracts: [contractA, { ...contractA, contractId: 'jata-2026', coordinator: { id: 'jata', name: '結核予防会' } }],
    });
    expect(d).toMatchObject({ outcome: 'voucher-differs-from-record', differences: ['validUntil', 'copayments', 'coordinator', 'number'] });
    expect(d.reason).not.toContain('0099999');
    const upper = on({
      voucher: aPresentedVoucher({
        copayments: { basic: { kind: 'fixed', amount: 1000 }, detailed: { kind: 'upper-limit' } },
        insurerUpperLimit: 1500,
      }),
    });
    expect(upper.differences).toEqual(['copayments', 'insurerUpperLimit']);
    const guidanceRecord: ImportedRecord = {
      ...record,
      voucherKind: 'guidance',
      guidanceLevel: 'intensive',
      copayments: { guidance: { kind: 'rate', percent: 10 } },
    };
    expect(on({ purpose: 'specific-guidance', voucher: guidanceVoucher(), record: guidanceRecord }).differences).toEqual(['guidanceLevel']);
    expect(
      on({ purpose: 'specific-guidance', voucher: guidanceVoucher(), record: { ...guidanceRecord, voucherKind: 'checkup' } }).differences,
    ).toContain('voucherKind');
    // The printed symbol full-width is the same symbol.
    expect(on({ voucher: aPresentedVoucher({ symbol: '１２３４' }) }).outcome).toBe('matched');
  });

  it('eligibility-lost when the loss date is on or before the checkup date, or a 資格確認書 has expired', () => {
    expect(
      on({ eligibility: online({ status: 'lost', qualification: { ...q, lostOn: '2026-10-01' }, lostOn: '2026-10-01' }) }).outcome,
    ).toBe('eligibility-lost');
    expect(on({ eligibility: online({ status: 'eligible', qualification: { ...q, lostOn: '2026-11-24' } }) }).outcome).toBe(
      'eligibility-lost',
    );
    expect(on({ eligibility: online({ status: 'eligible', qualification: { ...q, lostOn: '2026-11-25' } }) }).outcome).toBe('matched');
    const expired = on({ eligibility: transcribed({ validUntil: '2026-10-31' }) });
    expect(expired.outcome).toBe('eligibility-lost');
    expect(expired.reasonJa).toContain('資格確認書の有効期限');
  });

  it('insurer-mismatch when the answer’s insurer is another than the voucher’s; a 6-digit 国保 number written as 00 + 6 digits is the same insurer', () => {
    expect(on({ eligibility: online({ status: 'eligible', qualification: { ...q, insurerNumber: '01130012' } }) })).toMatchObject({
      outcome: 'insurer-mismatch',
      insurerNumber: '01130012',
    });
    const kokuho = aPresentedVoucher({ insurerNumber: '00131011' });
    const answer = online({ status: 'eligible', qualification: { ...q, insurerNumber: '131011' } });
    expect(
      on({ voucher: kokuho, record: null, eligibility: answer, contracts: [{ ...contractA, insurerNumbers: ['131011'] }] }).outcome,
    ).toBe('matched');
  });

  it('member-mismatch names the field: printed 記号・番号 against the answer, then the record’s sealed member (settleable, with what it would collect)', () => {
    expect(on({ voucher: aPresentedVoucher({ number: '0099999' }), record: null })).toMatchObject({
      outcome: 'member-mismatch',
      mismatchedField: 'number',
    });
    const other = (overrides: Partial<Qualification>) =>
      on({ eligibility: online({ status: 'eligible', qualification: { ...q, ...overrides } }) });
    expect(other({ symbol: '9999' })).toMatchObject({ outcome: 'member-mismatch', mismatchedField: 'symbol' });
    expect(other({ branch: '02' })).toMatchObject({ outcome: 'member-mismatch', mismatchedField: 'branch' });
    expect(other({ name: '佐藤 次郎' })).toMatchObject({
      outcome: 'member-mismatch',
      mismatchedField: 'name',
      collect: { totalYen: 1000 },
    });
    const d = other({ birthDate: '1970-05-02' });
    expect(d).toMatchObject({ outcome: 'member-mismatch', mismatchedField: 'birthDate' });
    expect(d.reason).not.toContain('1970');
    expect(d.reasonJa).toContain('生年月日');
  });

  it('after a key rotation, a record digested under the old key still matches, and one digested under the new key too', () => {
    const rotated = new MemberDigester(keyRingOf({ '1': 'unit-test-voucher-key', '2': 'unit-test-voucher-key-2027-000000000000' }, '2'));
    expect(on({ sealer: rotated }).outcome).toBe('matched');
    expect(on({ sealer: rotated, eligibility: online({ status: 'eligible', qualification: { ...q, number: '0099999' } }) })).toMatchObject({
      outcome: 'member-mismatch',
    });
    const reimported: ImportedRecord = { ...recordRest, member: rotated.seal({ symbol, number, branch: branch!, name, birthDate }) };
    expect(reimported.member.keyId).toBe('2');
    expect(on({ sealer: rotated, record: reimported }).outcome).toBe('matched');
  });

  it('seals the answer’s member once for the printed 記号・番号 and the member check; a printed value the answer does not share is sealed apart', () => {
    let seals = 0;
    const counting = { seal: (...args: Parameters<MemberDigester['seal']>) => (seals++, sealer.seal(...args)) };
    // The printed symbol is full-width, the answer's too: the same normalised values, one seal.
    expect(on({ sealer: counting, voucher: aPresentedVoucher({ symbol: '１２３４' }) }).outcome).toBe('matched');
    expect(seals).toBe(1);
    // The voucher and the answer agree, the record does not: the answer's seal shows the record's difference.
    seals = 0;
    const otherNumber: ImportedRecord = { ...record, member: sealer.seal({ symbol, number: '0099999', branch: branch!, name, birthDate }) };
    expect(on({ sealer: counting, record: otherNumber })).toMatchObject({
      outcome: 'voucher-differs-from-record',
      differences: ['number'],
    });
    expect(seals).toBe(1);
    // The voucher prints what the record holds and the answer does not: sealed apart, then the member check.
    seals = 0;
    const answerNumber = online({ status: 'eligible', qualification: { ...q, number: '0099999' } });
    expect(on({ sealer: counting, eligibility: answerNumber })).toMatchObject({ outcome: 'member-mismatch', mismatchedField: 'number' });
    expect(seals).toBe(1);
  });

  it('the 異体字 fold applies before comparing: 髙橋/高橋, 山﨑/山崎 match; 斉藤/斎藤 does not (staff settle it)', () => {
    const sealedAs = (n: string): ImportedRecord => ({
      ...record,
      member: sealer.seal({ symbol, number, branch: branch!, name: n, birthDate }),
    });
    const answer = (n: string) => online({ status: 'eligible', qualification: { ...q, name: n } });
    expect(on({ record: sealedAs('髙橋 太郎'), eligibility: answer('高橋　太郎') }).outcome).toBe('matched');
    expect(on({ record: sealedAs('山崎 太郎'), eligibility: answer('山﨑 太郎') }).outcome).toBe('matched');
    expect(on({ record: sealedAs('斉藤 太郎'), eligibility: answer('斎藤 太郎') })).toMatchObject({
      outcome: 'member-mismatch',
      mismatchedField: 'name',
    });
  });

  it('a transcribed eligibility is not verified online, and both sentences say so', () => {
    const d = on({ eligibility: transcribed() });
    expect(d).toMatchObject({
      outcome: 'matched',
      source: 'transcribed',
      method: 'eligibility-certificate',
      verifiedOnline: false,
      comparedSources: ['presented-voucher', 'imported-voucher', 'transcribed-eligibility', 'contract'],
    });
    expect(d.reasonJa).toContain('オンライン資格確認ではありません（書類の転記）');
    expect(d.reason).toContain('Not verified online');
    expect(on({ eligibility: transcribed({ name: '佐藤 次郎' }) }).reasonJa).toContain('オンライン資格確認ではありません');
  });

  it('voucher-already-used after the claim names the first site by name and the time in JST', () => {
    const used = afterClaim(on(), {
      granted: false,
      firstUse: { siteId: 'bus-01', siteName: '健診バス1号車', institutionNumber: '0110113719', at: '2026-11-24T00:30:00.000Z' },
    });
    expect(used).toMatchObject({
      outcome: 'voucher-already-used',
      firstUse: { siteId: 'bus-01', siteName: '健診バス1号車', institutionNumber: '0110113719', at: '2026-11-24T00:30:00.000Z' },
    });
    expect(used.collect).toBeUndefined();
    expect(used.reasonJa).toContain('2026-11-24 09:30 JSTに健診バス1号車');
    expect(used.reason).toContain('at 健診バス1号車 (institution 0110113719) on 2026-11-24 09:30 JST');
    expect(afterClaim(on(), { granted: true }).outcome).toBe('matched');
    expect(inJst('2026-12-31T15:00:00.000Z')).toBe('2027-01-01 00:00 JST');
  });

  it('voucher-not-found / needs-manual-check for a legacy request whose number matches no imported voucher, or several insurers’', () => {
    expect(unidentifiedVoucher('none', online())).toMatchObject({ outcome: 'voucher-not-found', verifiedOnline: true });
    const several = unidentifiedVoucher('several', transcribed());
    expect(several).toMatchObject({ outcome: 'needs-manual-check', verifiedOnline: false });
    expect(several.reasonJa).toContain('保険者番号とあわせて');
    expect(several.reasonJa).toContain('オンライン資格確認ではありません');
  });

  it('matched-after-settlement keeps what the settleable decision would collect, and who settled', () => {
    const request = {
      sessionId: '7b0c5a8e-3c1f-4a55-9a39-3f1b8e2f0c11',
      institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
      siteId: 'bus-01',
      purpose: 'specific-checkup' as const,
      checkupDate: '2026-11-24',
      voucher: decidedVoucher(aPresentedVoucher()),
    };
    const mismatch = on({ voucher: aPresentedVoucher({ number: '0099999' }), record: null });
    const { state } = recordDecision(request, mismatch, 'e-1', new Date('2026-11-24T00:30:00.000Z'));
    const settlement = { kind: 'same-person' as const, by: 'op-7', at: '2026-11-24T01:00:00.000Z', reason: '異体字' };
    const settled = settledDecision(state, settlement);
    expect(settled).toMatchObject({
      outcome: 'matched-after-settlement',
      settlement,
      collect: { totalYen: 1000 },
      contractId: 'collective-A-2026',
    });
    expect(settled.reason).toContain('op-7');
  });
});

describe('voucher matcher: what the desk collects (窓口負担)', () => {
  it('none → 0, fixed → its amount, rate → percent of the unit price rounded half up, upper limit → the unit price above the limit', () => {
    expect(yenToCollect({ kind: 'none' }, undefined, undefined)).toBe(0);
    expect(yenToCollect({ kind: 'fixed', amount: 1200 }, undefined, undefined)).toBe(1200);
    expect(yenToCollect({ kind: 'rate', percent: 30 }, 8_000, undefined)).toBe(2400);
    expect(yenToCollect({ kind: 'rate', percent: 30 }, 8_335, undefined)).toBe(2501); // 2500.5 → 2501
    expect(yenToCollect({ kind: 'rate', percent: 30 }, 8_331, undefined)).toBe(2499); // 2499.3 → 2499
    expect(yenToCollect({ kind: 'upper-limit' }, 8_000, 6_500)).toBe(1500);
    expect(yenToCollect({ kind: 'upper-limit' }, 6_000, 6_500)).toBe(0);
  });

  it('without the contract’s unit price a rate or an upper limit has no yen, and the total is left out', () => {
    expect(yenToCollect({ kind: 'rate', percent: 30 }, undefined, undefined)).toBeUndefined();
    expect(yenToCollect({ kind: 'upper-limit' }, undefined, 6_500)).toBeUndefined();
    const collect = deskCollection(
      { copayments: { basic: { kind: 'fixed', amount: 1000 }, additional: { kind: 'rate', percent: 10 } }, parts: ['basic', 'additional'] },
      { basic: 8_000 },
    );
    expect(collect).toEqual({
      lines: [
        { part: 'basic', copayment: { kind: 'fixed', amount: 1000 }, yen: 1000, unitPrice: 8000 },
        { part: 'additional', copayment: { kind: 'rate', percent: 10 } },
      ],
    });
    const d = on({
      voucher: aPresentedVoucher({ copayments: { basic: { kind: 'rate', percent: 10 } } }),
      record: null,
      contracts: [{ ...contractA, unitPrices: undefined }],
    });
    expect(d.outcome).toBe('matched');
    expect(d.collect?.totalYen).toBeUndefined();
    expect(d.reasonJa).toContain('基本的な健診の窓口負担は契約単価により異なります');
  });

  it('collects only this visit’s parts (a 特定健診 done in parts), with the insurer’s upper limit and a total', () => {
    const voucher = aPresentedVoucher({
      copayments: { basic: { kind: 'upper-limit' }, detailed: { kind: 'fixed', amount: 300 } },
      insurerUpperLimit: 7_000,
      parts: ['basic'],
    });
    const d = on({ voucher, record: null });
    expect(d.collect).toEqual({
      lines: [{ part: 'basic', copayment: { kind: 'upper-limit' }, yen: 1000, unitPrice: 8000 }],
      totalYen: 1000,
      insurerUpperLimit: 7000,
    });
    expect(d.covers).toEqual({ parts: ['basic', 'detailed'] });
  });
});

describe('voucher matcher: the recorded decision', () => {
  it('drafts verification.outcome v3 (valid against its contract) and keeps no 記号・番号 with the decision', () => {
    const voucher = aPresentedVoucher();
    const request = {
      sessionId: '7b0c5a8e-3c1f-4a55-9a39-3f1b8e2f0c11',
      institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
      siteId: 'bus-01',
      purpose: 'specific-checkup' as const,
      checkupDate: '2026-11-24',
      voucher: decidedVoucher(voucher),
    };
    const { state, events } = recordDecision(request, on({ eligibility: transcribed() }), 'e-1', new Date('2026-11-24T00:30:00.000Z'));
    const data = VerificationOutcomeV3.data.parse(events[0]!.data);
    expect(data).toMatchObject({
      voucher: { insurerNumber: EXAMPLE_INSURER_NUMBER, voucherNumber: EXAMPLE_VOUCHER_NUMBER },
      outcome: 'matched',
      verifiedOnline: false,
      source: 'transcribed',
      collect: { totalYen: 1000 },
      covers: { parts: ['basic', 'detailed'] },
    });
    expect(JSON.stringify(state)).not.toContain(voucher.number!);
    expect(JSON.stringify(state)).not.toContain('"symbol"');
  });

  it('a settleable outcome keeps its collect for the settlement, but does not announce it as if matched', () => {
    const request = {
      sessionId: '7b0c5a8e-3c1f-4a55-9a39-3f1b8e2f0c11',
      institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
      siteId: 'bus-01',
      purpose: 'specific-checkup' as const,
      checkupDate: '2026-11-24',
      voucher: decidedVoucher(aPresentedVoucher()),
    };
    const { state, events } = recordDecision(
      request,
      on({ eligibility: online({ status: 'multiple', candidates: 3 }) }),
      'e-1',
      new Date(),
    );
    expect(state.collect?.totalYen).toBe(1000);
    expect((events[0]!.data as { collect?: unknown }).collect).toBeUndefined();
  });
});
