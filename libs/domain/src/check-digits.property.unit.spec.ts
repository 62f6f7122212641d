import fc from 'fast-check';
import { insurerCheckDigit, isValidInsurerNumber, withInsurerCheckDigit } from './insurer-number';
import { institutionNumberProblem, withInstitutionCheckDigit } from './institution-number';

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

describe('check digits (property-based)', () => {
  it('every generated insurer number is valid, and any single changed digit is caught', () => {
    // "00" + 6 digits is a 6-digit 国保 number in an 8-digit layout, not a canonical number: left out.
    const bodies = fc.oneof(
      digits(5),
      digits(7).filter((d) => !d.startsWith('00')),
    );
    fc.assert(
      fc.property(bodies, fc.nat(), fc.integer({ min: 1, max: 9 }), (body, pos, delta) => {
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

  it('institution numbers of 点数表番号 1, 3, 4 with their check digit validate, any changed digit is caught; prefectures outside 01–47 never do', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 47 }),
        fc.constantFrom('1', '3', '4'),
        digits(6),
        fc.integer({ min: 3, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        (prefecture, category, code, pos, delta) => {
          const number = withInstitutionCheckDigit(`${String(prefecture).padStart(2, '0')}${category}${code}`);
          expect(institutionNumberProblem(number)).toBeUndefined();
          const altered = number.slice(0, pos) + String((Number(number[pos]) + delta) % 10) + number.slice(pos + 1);
          expect(institutionNumberProblem(altered)).toBe('check-digit');
        },
      ),
    );
    fc.assert(
      fc.property(fc.integer({ min: 48, max: 99 }), digits(7), (prefecture, rest) => {
        expect(institutionNumberProblem(`${prefecture}2${rest}`)).toBe('prefecture');
      }),
    );
  });
});
