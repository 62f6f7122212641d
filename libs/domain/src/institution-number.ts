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
 * オンライン資格確認用コード: issued by the registry to an insurer that runs checkups itself (after its
 * introduction notice, 導入届). Our format: "90" + 7-digit serial + check digit — 10 digits like an
 * institution number (so every event field stays one shape) but with a prefecture code (90) no
 * institution can have, so the two can never be confused.
 */
export function onlineEligibilityCode(serial: number): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > 9_999_999) throw new Error('serial out of range');
  const body = String(serial).padStart(7, '0');
  return `90${body}${insurerCheckDigit(body)}`;
}

export function isOnlineEligibilityCode(value: string): boolean {
  return /^90\d{8}$/.test(value) && insurerCheckDigit(value.slice(2, 9)) === Number(value[9]);
}
