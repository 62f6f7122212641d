import { insurerCheckDigit } from './insurer-number';

/**
 * 健診・保健指導機関番号: 10 digits = prefecture 2 (01–47) + category 1 (1 = insured medical
 * institution, 2 = checkup institution that is not) + institution code 7.
 * For category 1 the code is the medical institution code (郡市区 2 + 施設 4 + check 1); its check
 * digit uses the same modulus-10 weights 2,1 as insurer numbers (DOMAIN.md). For category 2 the same
 * rule is only an inference, so only the structure is validated.
 */
export type InstitutionNumberProblem = 'format' | 'prefecture' | 'category' | 'check-digit';

export function institutionNumberProblem(value: string): InstitutionNumberProblem | undefined {
  if (!/^\d{10}$/.test(value)) return 'format';
  const prefecture = Number(value.slice(0, 2));
  if (prefecture < 1 || prefecture > 47) return 'prefecture';
  const category = value[2];
  if (category !== '1' && category !== '2') return 'category';
  if (category === '1' && insurerCheckDigit(value.slice(3, 9)) !== Number(value[9])) return 'check-digit';
  return undefined;
}

export function isValidInstitutionNumber(value: string): boolean {
  return institutionNumberProblem(value) === undefined;
}

/** Appends the check digit to prefecture + category 1 + the 6-digit medical institution code. */
export function withInstitutionCheckDigit(body9: string): string {
  if (!/^\d{9}$/.test(body9)) throw new Error('an institution number body has 9 digits');
  return body9 + String(insurerCheckDigit(body9.slice(3)));
}

/**
 * オンライン資格確認用コード: ASSIGNED BY 支払基金 to an insurer that runs checkups itself, after its
 * introduction notice (導入届). The platform only records the code the insurer received; it never
 * issues one. Its format is not public, so the check is deliberately loose (an assumption, see
 * docs): 1–20 half-width letters or digits, after folding full-width characters and trimming.
 * It is a distinct identifier from an institution number and is never stored or shown as one.
 */
export const ONLINE_ELIGIBILITY_CODE_PATTERN = /^[A-Za-z0-9]{1,20}$/;

/** The code as typed (full-width letters/digits folded to half width, surrounding spaces dropped). */
export function onlineEligibilityCode(value: string): string {
  return value.normalize('NFKC').trim();
}

export function isOnlineEligibilityCode(value: string): boolean {
  return ONLINE_ELIGIBILITY_CODE_PATTERN.test(value);
}
