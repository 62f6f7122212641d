import { onlineEligibilityCode, withInstitutionCheckDigit, withInsurerCheckDigit } from '@hcv/domain';

/**
 * Example numbers for specs, computed by the platform's own check-digit rules so that every one of
 * them is a number the platform accepts. A spec that needs a wrong one says so where it writes it.
 */
export const EXAMPLE_INSURER_NUMBER = withInsurerCheckDigit('0613901'); // 06139018
/** A Tokyo (13) insured medical institution (category 1). */
export const EXAMPLE_INSTITUTION_NUMBER = withInstitutionCheckDigit('131123456'); // 1311234569
/** An オンライン資格確認用コード as 支払基金 assigned it to an insurer (the platform records it, never issues one). */
export const EXAMPLE_ONLINE_ELIGIBILITY_CODE = onlineEligibilityCode('9000000422');
export const EXAMPLE_VOUCHER_NUMBER = '26001000001';
export const EXAMPLE_SESSION_ID = '7b0c5a8e-3c1f-4a55-9a39-3f1b8e2f0c11';
