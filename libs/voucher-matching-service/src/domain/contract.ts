import type { ContractRequest } from '@hcv/contracts';
import { DomainError, institutionNumberOrThrow, insurerNumberOrThrow } from '@hcv/domain';

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

/**
 * The contract an operator registers (or replaces, for a new contract year). Its insurer and
 * institution numbers are judged again here, so a caller that skipped the request contract meets the
 * same refusal, naming `insurerNumbers.<i>` / `institutionNumbers.<i>`; they are kept canonical.
 */
export function contractOf(contractId: string, request: ContractRequest, at: Date): Contract {
  assertContractId(contractId);
  const insurerNumbers = request.insurerNumbers.map((n, i) => insurerNumberOrThrow(n, `insurerNumbers.${i}`));
  const institutionNumbers = request.institutionNumbers.map((n, i) => institutionNumberOrThrow(n, `institutionNumbers.${i}`));
  if (request.validUntil < request.validFrom)
    throw new DomainError('invalid-validity', 'validUntil is before validFrom.', 400, 'validUntil');
  return { ...request, insurerNumbers, institutionNumbers, contractId, updatedAt: at.toISOString() };
}
