import fc from 'fast-check';
import { insurerCheckDigit, isValidInsurerNumber, withInsurerCheckDigit } from './insurer-number';
import { institutionNumberProblem, withInstitutionCheckDigit } from './institution-number';

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

describe('check digits (property-based)', () => {
  it('every generated insurer number is valid, and any single changed digit is caught', () => {
    fc.assert(
      fc.property(fc.oneof(digits(5), digits(7)), fc.nat(), fc.integer({ min: 1, max: 9 }), (body, pos, delta) => {
        const number = withInsurerCheckDigit(body);
        expect(isValidInsurerNumber(number)).toBe(true);
        const i = pos % number.length;
        const altered = number.slice(0, i) + String((Number(number[i]) + delta) % 10) + number.slice(i + 1);
        // The Luhn-type rule detects every single-digit error.
        expect(isValidInsurerNumber(altered)).toBe(false);
      }),
    );
  });

  it('detects the swap of two adjacent different digits except the 0↔9 pair (a known limit of the rule)', () => {
    const distinctPair = fc
      .tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }))
      .filter(([a, b]) => a !== b && !(a + b === 9 && (a === 0 || b === 0)));
    fc.assert(
      fc.property(digits(5), fc.integer({ min: 0, max: 5 }), distinctPair, (rest, i, [a, b]) => {
        const body = rest.slice(0, i) + `${a}${b}` + rest.slice(i);
        const swapped = rest.slice(0, i) + `${b}${a}` + rest.slice(i);
        expect(insurerCheckDigit(swapped)).not.toBe(insurerCheckDigit(body));
      }),
    );
  });

  it('category-1 institution numbers with their check digit validate; prefectures outside 01–47 never do', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 47 }), digits(6), (prefecture, code) => {
        expect(institutionNumberProblem(withInstitutionCheckDigit(`${String(prefecture).padStart(2, '0')}1${code}`))).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 48, max: 99 }), digits(7), (prefecture, rest) => {
        expect(institutionNumberProblem(`${prefecture}2${rest}`)).toBe('prefecture');
      }),
    );
  });
});
