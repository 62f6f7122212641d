import fc from 'fast-check';
import type { Qualification, VoucherRecord } from '@hcv/contracts';
import { MemberDigester } from '../adapters/member-seal';
import { toStoredVoucher } from './voucher';
import { decide, firstMemberMismatch } from './voucher-matcher';

const digester = new MemberDigester('property-test-voucher-key');

/** Full-width variants of ASCII letters/digits, and ideographic spaces: what transcription produces. */
const toFullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');

const member = fc.record({
  symbol: fc.stringMatching(/^[0-9A-Z]{1,8}$/),
  number: fc.stringMatching(/^[0-9]{1,10}$/),
  branch: fc.stringMatching(/^[0-9]{2}$/),
  family: fc.constantFrom('佐藤', '鈴木', 'Tanaka'),
  given: fc.constantFrom('太郎', '花子', 'Ken'),
  birthDate: fc
    .date({ min: new Date('1940-01-01'), max: new Date('1990-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
});

function pair(m: { symbol: string; number: string; branch: string; family: string; given: string; birthDate: string }) {
  const q: Qualification = {
    insurerNumber: '06139018',
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
  const v: VoucherRecord & { importedAt: string } = {
    voucherNumber: '26001000001',
    cardType: 'checkup',
    insurerNumber: '06139018',
    symbol: m.symbol,
    number: m.number,
    branch: m.branch,
    name: `${m.family} ${m.given}`,
    birthDate: m.birthDate,
    sex: 'male',
    validFrom: '2026-04-01',
    validUntil: '2027-03-31',
    fiscalYear: 2026,
    importedAt: 'x',
  };
  return { q, v };
}

describe('VoucherMatcher (property-based)', () => {
  it('matches whatever the width of the transcription (full-width letters, digits, spaces)', () => {
    fc.assert(
      fc.property(member, fc.boolean(), (m, widenVoucher) => {
        const { q, v } = pair(m);
        const voucher = toStoredVoucher(
          widenVoucher ? { ...v, symbol: toFullWidth(v.symbol), number: toFullWidth(v.number), name: toFullWidth(v.name) } : v,
          digester,
        );
        const qualification = widenVoucher ? q : { ...q, symbol: toFullWidth(q.symbol), name: toFullWidth(q.name) };
        expect(
          decide({
            checkupDate: '2026-11-24',
            result: { status: 'eligible', qualification },
            voucher,
            contract: { contractId: 'c' },
            digester,
          }).outcome,
        ).toBe('matched');
      }),
    );
  });

  it('is symmetric: the mismatching field is the same whichever side holds which value', () => {
    fc.assert(
      fc.property(member, member, (a, b) => {
        const x = pair(a);
        const y = pair(b);
        const forward = firstMemberMismatch(digester.seal(x.v), digester.seal(y.q));
        const backward = firstMemberMismatch(digester.seal(y.v), digester.seal(x.q));
        expect(forward).toBe(backward);
        if (forward === undefined)
          expect(
            decide({
              checkupDate: '2026-11-24',
              result: { status: 'eligible', qualification: y.q },
              voucher: toStoredVoucher(x.v, digester),
              contract: { contractId: 'c' },
              digester,
            }).outcome,
          ).toBe('matched');
      }),
    );
  });
});
