import { insurerCheckDigit, isValidInsurerNumber, normalizeInsurerNumber, withInsurerCheckDigit } from './insurer-number';
import { normalizeWidth } from './width';

describe('insurer number check digit (保険者番号)', () => {
  it('matches the published example 3312001 → 33120015', () => {
    expect(insurerCheckDigit('3312001')).toBe(5);
    expect(withInsurerCheckDigit('3312001')).toBe('33120015');
    expect(isValidInsurerNumber('33120015')).toBe(true);
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

  it('normalises full-width digits and space padding at the boundary', () => {
    expect(normalizeInsurerNumber(' ３３１２００１５ ')).toBe('33120015');
  });
});

describe('width normalisation', () => {
  it('folds full-width letters and digits and collapses spaces', () => {
    expect(normalizeWidth('ＡＢ１２')).toBe('AB12');
    expect(normalizeWidth('佐藤　太郎')).toBe('佐藤 太郎');
  });
});
