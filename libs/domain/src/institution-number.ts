/**
 * 健診・保健指導機関番号 / 医療機関コード: 10 digits = prefecture 2 (01–47) + 点数表番号 1 + 郡市区 2 +
 * institution 4 + check 1, the check digit over the whole 9-digit body with the insurer rule.
 * 点数表番号 1 医科, 3 歯科, 4 薬局: check digit enforced; 2 (a checkup institution that is not an insured
 * medical institution): structure only, a check digit that does not hold is a warning.
 *
 * The rule lives with the request contracts (`@hcv/contracts` identifiers) and is re-exported here.
 */
import { INSTITUTION_NUMBER_SENTENCE, insurerCheckDigit, parseInstitutionNumber } from '@hcv/contracts';
import { DomainError } from './domain-error';

export {
  institutionNumberProblem,
  institutionNumberWarnings,
  isValidInstitutionNumber,
  normalizeInstitutionNumber,
  parseInstitutionNumber,
  INSTITUTION_NUMBER_SENTENCE,
  type InstitutionNumberProblem,
  type InstitutionNumberWarning,
  type InstitutionNumberParse,
} from '@hcv/contracts';

/** Appends the check digit (over all 9 digits) to prefecture + 点数表番号 + 郡市区 + institution. */
export function withInstitutionCheckDigit(body9: string): string {
  if (!/^\d{9}$/.test(body9)) throw new Error('an institution number body has 9 digits');
  return body9 + String(insurerCheckDigit(body9));
}

/** The refusal of an institution number, the same code and sentence at every input, naming the field. */
export function invalidInstitutionNumber(field: string): DomainError {
  return new DomainError('invalid-institution-number', `${field}: ${INSTITUTION_NUMBER_SENTENCE}.`, 400, field);
}

/** The canonical institution number of any input, or the refusal naming `field`. */
export function institutionNumberOrThrow(raw: unknown, field: string): string {
  const parsed = parseInstitutionNumber(raw);
  if ('problem' in parsed) throw invalidInstitutionNumber(field);
  return parsed.value;
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
