import type { LookupResult, Qualification, VoucherRecord } from '@hcv/contracts';
import { aQualification, aVoucher } from '@hcv/testing';
import { MemberDigester } from '../adapters/member-seal';
import { toStoredVoucher, type Voucher } from './voucher';
import { afterClaim, decide } from './voucher-matcher';

const digester = new MemberDigester('unit-test-voucher-key');
/** The voucher as imported (clear), and as stored (sealed) for the matcher. */
const stored = (record: VoucherRecord & { importedAt: string }): Voucher => toStoredVoucher(record, digester);

// The card's answer writes the symbol full-width and the name with an ideographic space; the voucher does not.
const q: Qualification = aQualification({ symbol: 'ＡＢ12', branch: '01', relationship: 'dependent' });
const record: VoucherRecord & { importedAt: string } = {
  ...aVoucher({ symbol: 'AB12', branch: '01' }),
  importedAt: '2026-04-01T00:00:00Z',
};
const voucher = stored(record);
const eligible: LookupResult = { status: 'eligible', qualification: q };
const on = (overrides: Partial<Parameters<typeof decide>[0]>) =>
  decide({ checkupDate: '2026-11-24', result: eligible, voucher, contract: { contractId: 'collective-A-2026' }, digester, ...overrides });

describe('VoucherMatcher', () => {
  it('matches after width normalisation (full-width symbol, ideographic space in the name)', () => {
    expect(on({})).toMatchObject({ outcome: 'matched', insurerNumber: '06139018' });
  });

  it('not-contracted when no contract lets this institution serve the insurer for the purpose (返戻理由 04)', () => {
    expect(on({ contract: null })).toMatchObject({ outcome: 'not-contracted', insurerNumber: '06139018' });
    expect(on({}).contractId).toBe('collective-A-2026');
  });

  it('voucher-not-found when no insurer issued that number', () => {
    expect(on({ voucher: null }).outcome).toBe('voucher-not-found');
  });

  it('no-qualification leads to retype / retry later, not a flat refusal', () => {
    const d = on({ result: { status: 'not-found' } });
    expect(d.outcome).toBe('no-qualification');
    expect(d.reason).toMatch(/retry later/);
  });

  it('needs-manual-check for several candidates and for an unavailable upstream', () => {
    expect(on({ result: { status: 'multiple', candidates: 2 } }).outcome).toBe('needs-manual-check');
    expect(on({ result: { status: 'unavailable', reason: 'down' } }).outcome).toBe('needs-manual-check');
  });

  it('voucher-not-yet-valid and voucher-expired by the checkup date, inclusive bounds', () => {
    expect(on({ checkupDate: '2026-03-31' }).outcome).toBe('voucher-not-yet-valid');
    expect(on({ checkupDate: '2026-04-01' }).outcome).toBe('matched');
    expect(on({ checkupDate: '2027-03-31' }).outcome).toBe('matched');
    expect(on({ checkupDate: '2027-04-01' }).outcome).toBe('voucher-expired');
  });

  it('eligibility-lost when the loss date is on or before the checkup date', () => {
    expect(on({ result: { status: 'lost', qualification: { ...q, lostOn: '2026-10-01' }, lostOn: '2026-10-01' } }).outcome).toBe(
      'eligibility-lost',
    );
    expect(on({ result: { status: 'eligible', qualification: { ...q, lostOn: '2026-11-24' } } }).outcome).toBe('eligibility-lost');
    expect(on({ result: { status: 'eligible', qualification: { ...q, lostOn: '2026-11-25' } } }).outcome).toBe('matched');
  });

  it('insurer-mismatch when the visitor belongs to another insurer', () => {
    expect(on({ voucher: { ...voucher, insurerNumber: '01130012' } })).toMatchObject({
      outcome: 'insurer-mismatch',
      insurerNumber: '06139018',
    });
  });

  it.each([
    ['symbol', { symbol: 'AB13' }],
    ['number', { number: '0012346' }],
    ['branch', { branch: '02' }],
    ['name', { name: '佐藤 次郎' }],
    ['birthDate', { birthDate: '1971-05-01' }],
  ] as const)('member-mismatch names the field: %s', (field, change) => {
    expect(on({ voucher: stored({ ...record, ...change }) })).toMatchObject({ outcome: 'member-mismatch', mismatchedField: field });
  });

  it('ignores the branch when the voucher does not carry one', () => {
    const { branch: _none, ...withoutBranch } = record;
    expect(on({ voucher: stored(withoutBranch) }).outcome).toBe('matched');
  });

  it('never puts personal data in a reason', () => {
    const reasons = [
      on({ voucher: stored({ ...record, name: '佐藤 次郎' }) }),
      on({ voucher: stored({ ...record, birthDate: '1971-05-01' }) }),
      on({ voucher: stored({ ...record, number: '9999999' }) }),
    ].map((d) => d.reason);
    for (const r of reasons)
      for (const secret of ['佐藤', '1970-05-01', '1971', '0012345', '9999999', 'AB12']) expect(r).not.toContain(secret);
  });

  it('after the claim: this session keeps matched, another session means already used (where and when)', () => {
    const matched = on({});
    expect(afterClaim(matched, 's-1', { sessionId: 's-1', institutionNumber: '1311234569', siteId: 'bus-01', at: 't' }).outcome).toBe(
      'matched',
    );
    const lost = afterClaim(matched, 's-2', {
      sessionId: 's-1',
      institutionNumber: '1311234569',
      siteId: 'bus-01',
      at: '2026-11-24T09:00:00Z',
    });
    expect(lost.outcome).toBe('voucher-already-used');
    expect(lost.reason).toMatch(/bus-01.*2026-11-24T09:00:00Z/);
  });
});
