import {
  institutionNumberProblem,
  isOnlineEligibilityCode,
  isValidInstitutionNumber,
  onlineEligibilityCode,
  withInstitutionCheckDigit,
} from './institution-number';

describe('institution number (健診・保健指導機関番号)', () => {
  it('accepts a category-1 number whose medical institution code carries the right check digit', () => {
    // Tokyo (13), insured medical institution (1), 郡市区 12 + 施設 3456 → check digit over 123456.
    const n = withInstitutionCheckDigit('131123456');
    expect(n).toHaveLength(10);
    expect(isValidInstitutionNumber(n)).toBe(true);
    const wrong = n.slice(0, 9) + String((Number(n[9]) + 1) % 10);
    expect(institutionNumberProblem(wrong)).toBe('check-digit');
  });

  it('validates only the structure of a category-2 number', () => {
    expect(isValidInstitutionNumber('2720000001')).toBe(true);
    expect(isValidInstitutionNumber('2720000002')).toBe(true);
  });

  it('refuses prefecture codes outside 01–47, unknown categories and wrong lengths', () => {
    expect(institutionNumberProblem('0020000001')).toBe('prefecture');
    expect(institutionNumberProblem('4820000001')).toBe('prefecture');
    expect(institutionNumberProblem('4720000001')).toBeUndefined();
    expect(institutionNumberProblem('1330000001')).toBe('category');
    expect(institutionNumberProblem('132000000')).toBe('format');
    expect(institutionNumberProblem('13２0000001')).toBe('format');
  });
});

describe('online eligibility code (オンライン資格確認用コード)', () => {
  it('is checked loosely (支払基金 assigns it; its format is not public): 1–20 letters or digits, folded to half width', () => {
    expect(isOnlineEligibilityCode(onlineEligibilityCode(' ＡＢ１２３４５ '))).toBe(true);
    expect(onlineEligibilityCode(' ＡＢ１２３４５ ')).toBe('AB12345');
    expect(isOnlineEligibilityCode('9000000422')).toBe(true);
    expect(isOnlineEligibilityCode('')).toBe(false);
    expect(isOnlineEligibilityCode('A'.repeat(21))).toBe(false);
    expect(isOnlineEligibilityCode('AB-12')).toBe(false);
  });
});
