import { VerificationOutcomeV3, VerificationOutcomeV4 } from '@hcv/contracts';
import { aPresentedVoucher, EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_INSURER_NUMBER } from '@hcv/testing';
import { ownCheckupsContracts } from './contract';
import type { VoucherUse } from './voucher';
import { decideUse, withUse } from './voucher-use.decide';
import { afterClaim, decidedVoucher, recordDecision, type MatchDecision } from './voucher-matcher';

/** An insurer running checkups itself (保険者の直営) runs sessions on its own devices, named by its code. */
const CODE = 'KENPO0422';
const at = new Date('2026-11-24T10:00:00.000Z');
const use = (sessionId: string, operator: Pick<VoucherUse, 'institutionNumber' | 'onlineEligibilityCode'>): VoucherUse => ({
  sessionId,
  ...operator,
  siteId: 'hall',
  at: '2026-11-24T09:00:00.000Z',
  checkupDate: '2026-11-24',
  voucherKind: 'checkup',
  parts: ['basic'],
});
const emptyVoucher = { insurerNumber: EXAMPLE_INSURER_NUMBER, voucherNumber: '26001000001', reissues: [], uses: [], history: [] };

describe('sessions run by an insurer running checkups itself (voucher-matching rules)', () => {
  it('covers the insurer’s own members only, whatever contract route its own voucher prints', () => {
    const visit = { purpose: 'specific-checkup' as const, checkupDate: '2026-11-24' };
    const operator = { onlineEligibilityCode: CODE, insurerNumber: EXAMPLE_INSURER_NUMBER };
    const [own] = ownCheckupsContracts(operator, EXAMPLE_INSURER_NUMBER, visit, { kind: 'collective-A' }, at);
    expect(own).toMatchObject({
      contractId: `own-checkups.${CODE}`,
      kind: 'collective-A',
      insurerNumbers: [EXAMPLE_INSURER_NUMBER],
      institutionNumbers: [],
      purposes: ['specific-checkup'],
      validFrom: '2026-11-24',
      validUntil: '2026-11-24',
    });
    expect(ownCheckupsContracts(operator, '01130012', visit, undefined, at)).toEqual([]);
  });

  it('treats a use by the insurer and a use by an institution as two operators: the second is already used, naming the first by its code', () => {
    const byInsurer = withUse(emptyVoucher, use('s-1', { onlineEligibilityCode: CODE }));
    expect(decideUse(byInsurer, use('s-2', { onlineEligibilityCode: CODE }))).toEqual({ granted: true, repeat: false });
    expect(decideUse(byInsurer, use('s-3', { institutionNumber: EXAMPLE_INSTITUTION_NUMBER }))).toEqual({
      granted: false,
      firstUse: { siteId: 'hall', onlineEligibilityCode: CODE, at: '2026-11-24T09:00:00.000Z' },
    });
  });

  it('announces an insurer’s decision on v4 by its code; an institution’s stays v3, without a first use v3 cannot name', () => {
    const voucher = decidedVoucher(aPresentedVoucher());
    const matched: MatchDecision = {
      outcome: 'matched',
      reason: 'ok',
      reasonJa: 'ok',
      source: 'online',
      method: 'mynumber-card',
      verifiedOnline: true,
      comparedSources: ['online-eligibility'],
    };
    const firstUse = { siteId: 'hall', onlineEligibilityCode: CODE, at: '2026-11-20T09:00:00.000Z' };
    const used = afterClaim(matched, { granted: false, firstUse });
    expect(used.reasonJa).toContain(`オンライン資格確認用コード ${CODE}`);
    expect(used.reasonJa).not.toContain('機関番号');
    const visit = {
      sessionId: '7b0c5a8e-3c1f-4a55-9a39-3f1b8e2f0c11',
      siteId: 'hall',
      purpose: 'specific-checkup' as const,
      checkupDate: '2026-11-24',
      voucher,
    };

    const insurers = recordDecision({ ...visit, onlineEligibilityCode: CODE }, used, 'e-1', at).events[0]!;
    expect(insurers.contract).toBe(VerificationOutcomeV4);
    expect(VerificationOutcomeV4.data.parse(insurers.data)).toMatchObject({
      onlineEligibilityCode: CODE,
      outcome: 'voucher-already-used',
      firstUse,
    });
    expect(insurers.data).not.toHaveProperty('institutionNumber');

    const institutions = recordDecision({ ...visit, institutionNumber: EXAMPLE_INSTITUTION_NUMBER }, used, 'e-2', at).events[0]!;
    expect(institutions.contract).toBe(VerificationOutcomeV3);
    const v3 = VerificationOutcomeV3.data.parse(institutions.data);
    expect(v3).toMatchObject({ institutionNumber: EXAMPLE_INSTITUTION_NUMBER, outcome: 'voucher-already-used' });
    expect(v3.firstUse).toBeUndefined();
  });
});
