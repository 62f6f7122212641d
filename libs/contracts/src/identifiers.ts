/**
 * The rules of the two national identifiers every input carries, and their one normalisation.
 *
 * They live here, framework-free, because the request contracts validate with them and contracts
 * import nothing but zod; `@hcv/domain` re-exports them for the rules and adapters.
 *
 * Check digit (DOMAIN.md): over the digits before it, from the rightmost, multiply alternately by 2
 * and 1; add the products, a two-digit product counting as the sum of its digits;
 * check = (10 − total mod 10) mod 10. Example: 3312001 → 33120015.
 */
export function insurerCheckDigit(body: string): number {
  if (!/^\d+$/.test(body)) throw new Error('a check-digit body must be digits');
  let total = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    const product = digit * (i % 2 === 0 ? 2 : 1);
    total += product > 9 ? product - 9 : product;
  }
  return (10 - (total % 10)) % 10;
}

/** The sentence every refusal of an insurer number carries, after the field path. */
export const INSURER_NUMBER_SENTENCE =
  'an insurer number (保険者番号) has 8 digits, or 6 for a municipal 国保 ("00" + 6 digits is read as the 6), with a correct check digit; nothing is padded or guessed';
/** The sentence every refusal of an institution number carries, after the field path. */
export const INSTITUTION_NUMBER_SENTENCE =
  'an institution number (健診・保健指導機関番号 / 医療機関コード) has 10 digits: prefecture 01–47, 点数表番号 1, 2, 3 or 4, 郡市区 2, institution 4, and a check digit over the first 9';

/**
 * The one normalisation of an identifier typed or read anywhere: spaces (half-width, full-width,
 * ideographic, the padding of fixed-width files) removed at both ends, full-width digits folded
 * (NFKC). Nothing is padded or guessed.
 */
export function foldIdentifier(raw: string): string {
  // ASCII is unchanged by NFKC: the common case (numbers as systems send them) skips the Unicode tables.
  return (ASCII.test(raw) ? raw : raw.normalize('NFKC')).trim();
}

const ASCII = /^[\x00-\x7f]*$/;

/** Canonical form of an insurer number, or the input folded when it is none (the caller validates). */
export function normalizeInsurerNumber(raw: string): string {
  const folded = foldIdentifier(raw);
  // A 6-digit 国保 number written in an 8-digit layout with law code "00" (no law code is 00).
  return /^00\d{6}$/.test(folded) ? folded.slice(2) : folded;
}

/** True for a canonical insurer number: 6 or 8 digits (never "00" + 6) with a correct check digit. */
export function isValidInsurerNumber(value: string): boolean {
  if (!/^(\d{6}|\d{8})$/.test(value) || /^00\d{6}$/.test(value)) return false;
  return insurerCheckDigit(value.slice(0, -1)) === Number(value[value.length - 1]);
}

export type InsurerNumberParse = { value: string } | { problem: 'format' | 'check-digit' };

/** Normalises and validates an insurer number from any input: the canonical value, or why it is refused. */
export function parseInsurerNumber(raw: unknown): InsurerNumberParse {
  if (typeof raw !== 'string') return { problem: 'format' };
  const value = normalizeInsurerNumber(raw);
  if (!/^(\d{6}|\d{8})$/.test(value)) return { problem: 'format' };
  return isValidInsurerNumber(value) ? { value } : { problem: 'check-digit' };
}

/**
 * 健診・保健指導機関番号: 10 digits = prefecture 2 (01–47) + 点数表番号 1 + 郡市区 2 + institution 4 +
 * check 1; for an insured medical institution it is its 医療機関コード (1 医科, 3 歯科, 4 薬局); 2 is a
 * checkup institution that is not an insured medical institution (assigned by 支払基金).
 */
export type InstitutionNumberProblem = 'format' | 'prefecture' | 'category' | 'check-digit';
/** Accepted, with a doubt to show: for 点数表番号 2 whether the check digit applies is unconfirmed. */
export type InstitutionNumberWarning = 'check-digit-unconfirmed';

const institutionCheckDigitHolds = (value: string) => insurerCheckDigit(value.slice(0, 9)) === Number(value[9]);

export function institutionNumberProblem(value: string): InstitutionNumberProblem | undefined {
  if (!/^\d{10}$/.test(value)) return 'format';
  const prefecture = Number(value.slice(0, 2));
  if (prefecture < 1 || prefecture > 47) return 'prefecture';
  const category = value[2];
  if (category === '2') return undefined;
  if (category !== '1' && category !== '3' && category !== '4') return 'category';
  return institutionCheckDigitHolds(value) ? undefined : 'check-digit';
}

export function isValidInstitutionNumber(value: string): boolean {
  return institutionNumberProblem(value) === undefined;
}

/** The doubts about an accepted institution number: a 点数表番号 2 number whose check digit does not hold. */
export function institutionNumberWarnings(value: string): InstitutionNumberWarning[] {
  return isValidInstitutionNumber(value) && value[2] === '2' && !institutionCheckDigitHolds(value) ? ['check-digit-unconfirmed'] : [];
}

export function normalizeInstitutionNumber(raw: string): string {
  return foldIdentifier(raw);
}

export type InstitutionNumberParse = { value: string; warnings: InstitutionNumberWarning[] } | { problem: InstitutionNumberProblem };

/** Normalises and validates an institution number from any input: the canonical value (with warnings), or why it is refused. */
export function parseInstitutionNumber(raw: unknown): InstitutionNumberParse {
  if (typeof raw !== 'string') return { problem: 'format' };
  const value = normalizeInstitutionNumber(raw);
  const problem = institutionNumberProblem(value);
  return problem ? { problem } : { value, warnings: institutionNumberWarnings(value) };
}
