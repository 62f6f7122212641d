import {
  institutionNumberOrThrow,
  institutionNumberProblem,
  institutionNumberWarnings,
  isOnlineEligibilityCode,
  isValidInstitutionNumber,
  onlineEligibilityCode,
  parseInstitutionNumber,
  withInstitutionCheckDigit,
} from './institution-number';

describe('institution number (健診・保健指導機関番号 / 医療機関コード)', () => {
  it('computes the check digit over the whole 9-digit body (MHLW example and a printed prescription)', () => {
    expect(withInstitutionCheckDigit('341071236')).toBe('3410712362');
    expect(withInstitutionCheckDigit('011011371')).toBe('0110113719');
    expect(isValidInstitutionNumber('3410712362')).toBe(true);
    expect(isValidInstitutionNumber('0110113719')).toBe(true);
    // The check over the last 6 digits only would give 1311234566: refused.
    expect(institutionNumberProblem('1311234566')).toBe('check-digit'); // wrong check digit
  });

  it('accepts 点数表番号 1 (医科), 3 (歯科) and 4 (薬局) with their check digit enforced', () => {
    for (const category of ['1', '3', '4']) {
      const n = withInstitutionCheckDigit(`13${category}123456`);
      expect(institutionNumberProblem(n)).toBeUndefined();
      expect(institutionNumberWarnings(n)).toEqual([]);
      expect(institutionNumberProblem(n.slice(0, 9) + String((Number(n[9]) + 1) % 10))).toBe('check-digit');
    }
  });

  it('validates a 点数表番号 2 number by structure and warns, not refuses, on a check digit that does not hold', () => {
    const right = withInstitutionCheckDigit('272000000');
    const other = right.slice(0, 9) + String((Number(right[9]) + 1) % 10);
    expect(institutionNumberProblem(right)).toBeUndefined();
    expect(institutionNumberWarnings(right)).toEqual([]);
    expect(institutionNumberProblem(other)).toBeUndefined();
    expect(institutionNumberWarnings(other)).toEqual(['check-digit-unconfirmed']);
    expect(parseInstitutionNumber(other)).toEqual({ value: other, warnings: ['check-digit-unconfirmed'] });
  });

  it('refuses any other 点数表番号, prefecture codes outside 01–47 and wrong lengths', () => {
    for (const category of ['0', '5', '6', '7', '8', '9']) {
      expect(institutionNumberProblem(withInstitutionCheckDigit(`13${category}123456`))).toBe('category');
    }
    expect(institutionNumberProblem('0020000001')).toBe('prefecture');
    expect(institutionNumberProblem('4820000001')).toBe('prefecture');
    expect(institutionNumberProblem('4720000001')).toBeUndefined();
    expect(institutionNumberProblem('132000000')).toBe('format');
  });

  it('normalises once: spaces (half-width, ideographic) trimmed, full-width digits folded; never padded', () => {
    expect(parseInstitutionNumber(' ３４１０７１２３６２　')).toEqual({ value: '3410712362', warnings: [] });
    expect(parseInstitutionNumber('341071236')).toEqual({ problem: 'format' }); // 9 digits: not padded
    expect(parseInstitutionNumber('34 10712362')).toEqual({ problem: 'format' });
    expect(parseInstitutionNumber(3410712362)).toEqual({ problem: 'format' });
  });

  it('refuses with one code and sentence naming the field', () => {
    expect(institutionNumberOrThrow('３４１０７１２３６２', 'institutionNumbers.0')).toBe('3410712362');
    expect(() => institutionNumberOrThrow('3410712363', 'institutionNumbers.2')).toThrow(
      // wrong check digit
      expect.objectContaining({
        code: 'invalid-institution-number',
        field: 'institutionNumbers.2',
        message: expect.stringMatching(/^institutionNumbers\.2: an institution number \(健診・保健指導機関番号/),
      }),
    );
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
