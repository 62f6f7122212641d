import { Qualification, VoucherRecord } from '@hcv/contracts';
import { isOnlineEligibilityCode, isValidInstitutionNumber, isValidInsurerNumber } from '@hcv/domain';
import {
  aQualification,
  aSessionPlace,
  aVoucher,
  anOpenedSession,
  EXAMPLE_INSTITUTION_NUMBER,
  EXAMPLE_INSURER_NUMBER,
  EXAMPLE_ONLINE_ELIGIBILITY_CODE,
} from './index';

describe('test-data factories', () => {
  it('use example numbers that pass their own check digit', () => {
    expect(isValidInsurerNumber(EXAMPLE_INSURER_NUMBER)).toBe(true);
    expect(isValidInstitutionNumber(EXAMPLE_INSTITUTION_NUMBER)).toBe(true);
    expect(isOnlineEligibilityCode(EXAMPLE_ONLINE_ELIGIBILITY_CODE)).toBe(true);
    expect([EXAMPLE_INSURER_NUMBER, EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_ONLINE_ELIGIBILITY_CODE]).toEqual([
      '06139018',
      '1311234569',
      '9000000422',
    ]);
  });

  it('build what the contracts accept, with overrides applied', () => {
    expect(VoucherRecord.parse(aVoucher({ voucherKind: 'guidance', guidanceLevel: 'motivational' }))).toMatchObject({
      voucherKind: 'guidance',
      insurerNumber: EXAMPLE_INSURER_NUMBER,
    });
    expect(Qualification.parse(aQualification({ relationship: 'dependent' })).relationship).toBe('dependent');
    expect(aVoucher().insurerNumber).toBe(aQualification().insurerNumber);
  });

  it('open a session at the example place, in state opened unless told otherwise', () => {
    expect(anOpenedSession()).toMatchObject({ ...aSessionPlace(), state: 'opened', pinFailures: 0, version: 0 });
    expect(anOpenedSession({ state: 'completed', siteId: 'bus-01' })).toMatchObject({
      state: 'completed',
      siteId: 'bus-01',
      institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
    });
  });
});
