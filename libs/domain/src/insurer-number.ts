/**
 * 保険者番号 (insurer number): 8 digits = law code 2 + prefecture 2 + insurer 3 + check 1, or 6 digits
 * for municipal national health insurance (国保) = prefecture 2 + insurer 3 + check 1.
 *
 * The rule and its one normalisation live with the request contracts (`@hcv/contracts` identifiers),
 * which validate inputs with them; they are the domain's vocabulary too, so they are re-exported here.
 */
import { INSURER_NUMBER_SENTENCE, insurerCheckDigit, parseInsurerNumber } from '@hcv/contracts';
import { DomainError } from './domain-error';

export {
  insurerCheckDigit,
  isValidInsurerNumber,
  normalizeInsurerNumber,
  parseInsurerNumber,
  INSURER_NUMBER_SENTENCE,
  type InsurerNumberParse,
} from '@hcv/contracts';

/** Appends the check digit to a 5- or 7-digit body. */
export function withInsurerCheckDigit(body: string): string {
  if (!/^(\d{5}|\d{7})$/.test(body)) throw new Error('an insurer number body has 5 or 7 digits');
  return body + String(insurerCheckDigit(body));
}

/** The refusal of an insurer number, the same code and sentence at every input, naming the field. */
export function invalidInsurerNumber(field: string): DomainError {
  return new DomainError('invalid-insurer-number', `${field}: ${INSURER_NUMBER_SENTENCE}.`, 400, field);
}

/** The canonical insurer number of any input, or the refusal naming `field`. */
export function insurerNumberOrThrow(raw: unknown, field: string): string {
  const parsed = parseInsurerNumber(raw);
  if ('problem' in parsed) throw invalidInsurerNumber(field);
  return parsed.value;
}
