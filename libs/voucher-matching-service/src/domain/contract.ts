import type { ContractRequest } from '@hcv/contracts';
import { DomainError, isValidInsurerNumber } from '@hcv/domain';

/** A collective (集合契約 A/B) or individual contract: who may serve whose vouchers, for what, when. */
export type Contract = ContractRequest & { contractId: string; updatedAt: string };

/** A contract id is 1–64 letters, digits, _ . : - (checked before the body, so the error names the id). */
export function assertContractId(contractId: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/.test(contractId))
    throw new DomainError('invalid-contract-id', 'A contract id is 1–64 letters, digits, _ . : -.', 400);
}

/** The contract an operator registers (or replaces, for a new contract year): every insurer number's check digit right. */
export function contractOf(contractId: string, request: ContractRequest, at: Date): Contract {
  assertContractId(contractId);
  const bad = request.insurerNumbers.findIndex((n) => !isValidInsurerNumber(n));
  if (bad >= 0)
    throw new DomainError('invalid-insurer-number', `insurerNumbers.${bad}: the check digit is wrong.`, 400, `insurerNumbers.${bad}`);
  return { ...request, contractId, updatedAt: at.toISOString() };
}
