import {
  insurerCheckDigit,
  insurerNumberOrThrow,
  isValidInsurerNumber,
  normalizeInsurerNumber,
  parseInsurerNumber,
  withInsurerCheckDigit,
} from './insurer-number';
import { normalizeWidth } from './width';

describe('insurer number check digit (保険者番号)', () => {
  it('matches the published examples 3312001 → 33120015, 01130012 and the 6-digit 国保 131011', () => {
    expect(insurerCheckDigit('3312001')).toBe(5);
    expect(withInsurerCheckDigit('3312001')).toBe('33120015');
    expect(isValidInsurerNumber('33120015')).toBe(true);
    expect(isValidInsurerNumber('01130012')).toBe(true);
    expect(isValidInsurerNumber('131011')).toBe(true);
    expect(isValidInsurerNumber('06130012')).toBe(false); // wrong check digit (DOMAIN.md: its check digit is 7)
  });

  it('counts a two-digit product as the sum of its digits', () => {
    // 0600009: from the right 9×2=18→9, 0, 0, 0, 0×2, 6×1... total 9+6=15 → 5
    expect(insurerCheckDigit('0600009')).toBe(5);
    expect(insurerCheckDigit('0000000')).toBe(0);
  });

  it('refuses a wrong check digit, wrong lengths and a dropped leading zero', () => {
    expect(isValidInsurerNumber('33120016')).toBe(false);
    const eight = withInsurerCheckDigit('0113901');
    expect(isValidInsurerNumber(eight)).toBe(true);
    expect(isValidInsurerNumber(eight.slice(1))).toBe(false); // 7 digits: the known padding bug
    expect(isValidInsurerNumber('12345')).toBe(false);
  });

  it('validates 6-digit municipal numbers with the same rule', () => {
    const six = withInsurerCheckDigit('13101');
    expect(six).toHaveLength(6);
    expect(isValidInsurerNumber(six)).toBe(true);
    expect(isValidInsurerNumber(six.slice(0, 5) + String((Number(six[5]) + 1) % 10))).toBe(false);
  });
});

describe('the one normalisation of an insurer number (parseInsurerNumber)', () => {
  it('trims half-width, full-width and ideographic spaces and folds full-width digits', () => {
    expect(normalizeInsurerNumber(' ３３１２００１５ ')).toBe('33120015');
    expect(parseInsurerNumber('\u3000０１１３００１２\u3000')).toEqual({ value: '01130012' });
    expect(parseInsurerNumber('  33120015\t')).toEqual({ value: '33120015' });
  });

  it('folds "00" + a 6-digit 国保 number to the 6 digits', () => {
    expect(parseInsurerNumber('00131011')).toEqual({ value: '131011' });
    expect(parseInsurerNumber('００１３１０１１')).toEqual({ value: '131011' });
    expect(isValidInsurerNumber('00131011')).toBe(false); // not canonical: the 6 digits are
  });

  it('never pads or guesses: 7 digits are refused even when "0" + them would pass', () => {
    expect(isValidInsurerNumber('01130012')).toBe(true);
    expect(parseInsurerNumber('1130012')).toEqual({ problem: 'format' });
    expect(parseInsurerNumber(' 1130012')).toEqual({ problem: 'format' });
    expect(parseInsurerNumber('3312 0015')).toEqual({ problem: 'format' });
    expect(parseInsurerNumber(1130012)).toEqual({ problem: 'format' });
    expect(parseInsurerNumber('33120016')).toEqual({ problem: 'check-digit' }); // wrong check digit
  });

  it('refuses with one code and sentence naming the field', () => {
    expect(insurerNumberOrThrow(' 00131011 ', 'insurerNumber')).toBe('131011');
    expect(() => insurerNumberOrThrow('1130012', 'insurerNumbers.1')).toThrow(
      expect.objectContaining({
        code: 'invalid-insurer-number',
        field: 'insurerNumbers.1',
        message: expect.stringMatching(/^insurerNumbers\.1: an insurer number \(保険者番号\)/),
      }),
    );
  });
});

describe('width normalisation', () => {
  it('folds full-width letters and digits and collapses spaces', () => {
    expect(normalizeWidth('ＡＢ１２')).toBe('AB12');
    expect(normalizeWidth('佐藤　太郎')).toBe('佐藤 太郎');
  });
});
