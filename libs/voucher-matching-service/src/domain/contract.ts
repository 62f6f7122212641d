import type { ContractRequest } from '@hcv/contracts';
import {
  DomainError,
  institutionNumberProblem,
  isValidInsurerNumber,
  normalizeInsurerNumber,
  type InstitutionNumberProblem,
} from '@hcv/domain';

/**
 * A collective (集合契約 A/B, named by its 契約取りまとめ機関) or individual contract: who may serve
 * whose vouchers, for what (and which 特定保健指導 levels), when, and at which unit prices per part.
 */
export type Contract = ContractRequest & { contractId: string; updatedAt: string };

/** A contract id is 1–64 letters, digits, _ . : - (checked before the body, so the error names the id). */
export function assertContractId(contractId: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/.test(contractId))
    throw new DomainError('invalid-contract-id', 'A contract id is 1–64 letters, digits, _ . : -.', 400);
}

/** What is wrong with an institution number, as registration says it. */
const INSTITUTION_PROBLEM: Record<InstitutionNumberProblem, string> = {
  format: 'an institution number (健診・保健指導機関番号) has exactly 10 digits.',
  prefecture: 'the first two digits must be a prefecture code from 01 to 47.',
  category: 'the third digit must be 1 (insured medical institution) or 2 (other checkup institution).',
  'check-digit': 'the check digit of the institution number is wrong; check the number on the notice.',
};

/**
 * The contract an operator registers (or replaces, for a new contract year). Its insurer numbers are
 * normalised and their check digits checked; its institution numbers are judged as registration
 * judges them — each refusal names the entry (`insurerNumbers.<i>`, `institutionNumbers.<i>`).
 */
export function contractOf(contractId: string, request: ContractRequest, at: Date): Contract {
  assertContractId(contractId);
  const insurerNumbers = request.insurerNumbers.map((raw, i) => {
    const n = normalizeInsurerNumber(raw);
    if (!isValidInsurerNumber(n))
      throw new DomainError('invalid-insurer-number', `insurerNumbers.${i}: the check digit is wrong.`, 400, `insurerNumbers.${i}`);
    return n;
  });
  request.institutionNumbers.forEach((n, i) => {
    const problem = institutionNumberProblem(n);
    if (problem)
      throw new DomainError(
        'invalid-institution-number',
        `institutionNumbers.${i}: ${INSTITUTION_PROBLEM[problem]}`,
        400,
        `institutionNumbers.${i}`,
      );
  });
  if (request.validUntil < request.validFrom)
    throw new DomainError('invalid-validity', 'validUntil is before validFrom.', 400, 'validUntil');
  return { ...request, insurerNumbers, contractId, updatedAt: at.toISOString() };
}
