import fc from 'fast-check';
import type { Copayment, Qualification } from '@hcv/contracts';
import { aPresentedVoucher, EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_INSURER_NUMBER } from '@hcv/testing';
import { MemberDigester } from '../adapters/member-seal';
import type { Contract } from './contract';
import { NAME_VARIANT_FOLDS } from './member-normalise';
import { decide, deskCollection, firstMemberMismatch, type ImportedRecord } from './voucher-matcher';

const digester = new MemberDigester('property-test-voucher-key');

/** Full-width variants of ASCII letters/digits, and ideographic spaces: what transcription produces. */
const toFullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');
/** A name written with every 異体字 the fold table knows, where its everyday form occurs. */
const EVERYDAY_TO_VARIANT = Object.fromEntries(Object.entries(NAME_VARIANT_FOLDS).map(([variant, everyday]) => [everyday, variant]));
const withVariants = (s: string) => [...s].map((c) => EVERYDAY_TO_VARIANT[c] ?? c).join('');

const member = fc.record({
  symbol: fc.stringMatching(/^[0-9A-Z]{1,8}$/),
  number: fc.stringMatching(/^[0-9]{1,10}$/),
  branch: fc.stringMatching(/^[0-9]{2}$/),
  family: fc.constantFrom('佐藤', '鈴木', 'Tanaka', '高橋', '山崎', '渡辺', '斎藤', '浜田'),
  given: fc.constantFrom('太郎', '花子', 'Ken', '真一', '恵'),
  birthDate: fc
    .date({ min: new Date('1940-01-01'), max: new Date('1990-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
});
type Member = typeof member extends fc.Arbitrary<infer M> ? M : never;

const contract: Contract = {
  contractId: 'c',
  kind: 'collective-A',
  name: 'A',
  coordinator: { id: 'zeneiren', name: '全国労働衛生団体連合会' },
  insurerNumbers: [EXAMPLE_INSURER_NUMBER],
  institutionNumbers: [EXAMPLE_INSTITUTION_NUMBER],
  purposes: ['specific-checkup'],
  validFrom: '2026-04-01',
  validUntil: '2027-03-31',
  updatedAt: '2026-03-01T00:00:00.000Z',
};

function qualificationOf(m: Member): Qualification {
  return {
    insurerNumber: EXAMPLE_INSURER_NUMBER,
    insurerName: 'x',
    symbol: m.symbol,
    number: m.number,
    branch: m.branch,
    relationship: 'insured',
    name: `${m.family} ${m.given}`,
    nameKana: 'カナ',
    birthDate: m.birthDate,
    sex: 'male',
    acquiredOn: '2000-04-01',
  };
}
const memberFields = (m: Member, name = `${m.family} ${m.given}`) => ({
  symbol: m.symbol,
  number: m.number,
  branch: m.branch,
  name,
  birthDate: m.birthDate,
});
function recordOf(m: Member, name?: string): ImportedRecord {
  return {
    voucherKind: 'checkup',
    validFrom: '2026-04-01',
    validUntil: '2027-03-31',
    copayments: aPresentedVoucher().copayments,
    coordinator: aPresentedVoucher().coordinator!,
    member: digester.seal(memberFields(m, name)),
  };
}
const decideFor = (m: Member, record: ImportedRecord, qualification: Qualification, printed: { symbol?: string; number?: string } = {}) => {
  const { symbol: _s, number: _n, ...unprinted } = aPresentedVoucher();
  return decide({
    checkupDate: '2026-11-24',
    purpose: 'specific-checkup',
    voucher: { ...unprinted, ...printed },
    record,
    contracts: [contract],
    eligibility: { source: 'online', result: { status: 'eligible', qualification } },
    sealer: digester,
  });
};

describe('voucher matcher (property-based)', () => {
  it('matches whatever the width of the transcription (full-width letters, digits, spaces) and the 異体字 of the name', () => {
    fc.assert(
      fc.property(member, fc.boolean(), fc.boolean(), (m, widenRecord, variantsInRecord) => {
        const name = `${m.family} ${m.given}`;
        const recordName = variantsInRecord ? withVariants(name) : name;
        const record = widenRecord
          ? {
              ...recordOf(m),
              member: digester.seal({
                ...memberFields(m),
                symbol: toFullWidth(m.symbol),
                number: toFullWidth(m.number),
                name: toFullWidth(recordName),
              }),
            }
          : recordOf(m, recordName);
        const q = qualificationOf(m);
        const qualification = widenRecord
          ? { ...q, name: variantsInRecord ? name : withVariants(name) }
          : { ...q, symbol: toFullWidth(q.symbol), name: toFullWidth(q.name) };
        const printed = { symbol: widenRecord ? m.symbol : toFullWidth(m.symbol), number: m.number };
        expect(decideFor(m, record, qualification, printed).outcome).toBe('matched');
      }),
    );
  });

  it('is symmetric: the mismatching field is the same whichever side holds which value; none means matched', () => {
    fc.assert(
      fc.property(member, member, (a, b) => {
        const forward = firstMemberMismatch(digester.seal(memberFields(a)), digester.seal(memberFields(b)));
        const backward = firstMemberMismatch(digester.seal(memberFields(b)), digester.seal(memberFields(a)));
        expect(forward).toBe(backward);
        const d = decideFor(a, recordOf(a), qualificationOf(b));
        expect(d.outcome).toBe(forward === undefined ? 'matched' : 'member-mismatch');
        if (forward) expect(d.mismatchedField).toBe(forward);
      }),
    );
  });

  it('the total to collect is the sum of the lines, and present exactly when every line has its yen', () => {
    const copayment: fc.Arbitrary<Copayment> = fc.oneof(
      fc.constant({ kind: 'none' as const }),
      fc.integer({ min: 0, max: 999_999 }).map((amount) => ({ kind: 'fixed' as const, amount })),
      fc.integer({ min: 0, max: 100 }).map((percent) => ({ kind: 'rate' as const, percent })),
      fc.constant({ kind: 'upper-limit' as const }),
    );
    const price = fc.option(fc.integer({ min: 0, max: 999_999 }), { nil: undefined });
    fc.assert(
      fc.property(copayment, copayment, price, price, fc.integer({ min: 0, max: 999_999 }), (basic, detailed, pb, pd, limit) => {
        const collect = deskCollection(
          { copayments: { basic, detailed }, insurerUpperLimit: limit },
          { ...(pb !== undefined ? { basic: pb } : {}), ...(pd !== undefined ? { detailed: pd } : {}) },
        );
        expect(collect.lines).toHaveLength(2);
        for (const line of collect.lines) if (line.yen !== undefined) expect(line.yen).toBeGreaterThanOrEqual(0);
        const known = collect.lines.every((l) => l.yen !== undefined);
        expect(collect.totalYen).toBe(known ? collect.lines.reduce((s, l) => s + l.yen!, 0) : undefined);
      }),
    );
  });
});
