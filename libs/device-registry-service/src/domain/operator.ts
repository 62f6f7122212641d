import { DomainError } from '@hcv/domain';
import type { Institution } from './institution.decide';
import { insurerStatusAt, type InsurerEnrolment } from './insurer.decide';

/**
 * Who runs a site or a device: a checkup institution (`institutionNumber`) or an insurer running
 * checkups itself (`onlineEligibilityCode`, the code 支払基金 assigned) — exactly one of the two.
 */
export interface OperatorRef {
  institutionNumber?: string;
  onlineEligibilityCode?: string;
}

/** The operator a request names, as found in the registry (null: not found). */
export type FoundOperator = { institution: Institution | null } | { insurer: InsurerEnrolment | null };

/** Only the operator's own field, so a stored site or device never carries the other one. */
export function operatorOf(ref: OperatorRef): OperatorRef {
  return ref.onlineEligibilityCode !== undefined
    ? { onlineEligibilityCode: ref.onlineEligibilityCode }
    : { institutionNumber: ref.institutionNumber! };
}

export function sameOperator(a: OperatorRef, b: OperatorRef): boolean {
  return a.institutionNumber === b.institutionNumber && a.onlineEligibilityCode === b.onlineEligibilityCode;
}

/** How an operator is named in a sentence. */
export function describeOperator(ref: OperatorRef): string {
  return ref.onlineEligibilityCode !== undefined ? `insurer code ${ref.onlineEligibilityCode}` : `institution ${ref.institutionNumber}`;
}

/**
 * Refuses a site or device for an operator that is missing or no longer active at `at`. An insurer
 * whose withdrawal is filed for a later date still counts until then.
 */
export function assertOperatorActive(ref: OperatorRef, found: FoundOperator, at: Date, missingCode: 'not-registered' | 'not-active'): void {
  if ('insurer' in found) {
    if (!found.insurer)
      throw new DomainError(
        'insurer-not-enrolled',
        `No introduction notice records code ${ref.onlineEligibilityCode}.`,
        422,
        'onlineEligibilityCode',
      );
    if (insurerStatusAt(found.insurer, at) !== 'active')
      throw new DomainError('insurer-withdrawn', `Code ${ref.onlineEligibilityCode} was withdrawn.`, 422, 'onlineEligibilityCode');
    return;
  }
  const { institution } = found;
  if (missingCode === 'not-active' && institution?.status !== 'active')
    throw new DomainError(
      'institution-not-active',
      `Institution ${ref.institutionNumber} is not registered or was withdrawn.`,
      422,
      'institutionNumber',
    );
  if (!institution)
    throw new DomainError(
      'institution-not-registered',
      `Institution ${ref.institutionNumber} is not registered.`,
      422,
      'institutionNumber',
    );
  if (institution.status !== 'active')
    throw new DomainError('institution-withdrawn', `Institution ${ref.institutionNumber} was withdrawn.`, 422, 'institutionNumber');
}
