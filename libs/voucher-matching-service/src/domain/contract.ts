import type { CheckPurpose, ContractRequest, VoucherCoordinator } from '@hcv/contracts';
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

/**
 * An insurer running checkups itself (直営) serves its own members without a contract: the rule as the
 * one "contract" its sessions have — covering its own insurer number only (another insurer's voucher is
 * not-contracted), for the visit's purpose and date, whatever contract route its own voucher prints
 * (the insurer issued it and runs the checkup). No unit prices: a rate or an upper limit has no yen.
 */
export function ownCheckupsContracts(
  operator: { onlineEligibilityCode: string; insurerNumber: string },
  voucherInsurer: string,
  visit: { purpose: CheckPurpose; checkupDate: string },
  coordinator: VoucherCoordinator | undefined,
  at: Date,
): Contract[] {
  if (voucherInsurer !== operator.insurerNumber) return [];
  return [
    {
      contractId: `own-checkups.${operator.onlineEligibilityCode}`,
      kind: coordinator?.kind ?? 'individual',
      name: '保険者の直営（自らの加入者）',
      ...(coordinator?.organisation ? { coordinator: coordinator.organisation } : {}),
      insurerNumbers: [operator.insurerNumber],
      institutionNumbers: [],
      purposes: [visit.purpose],
      validFrom: visit.checkupDate,
      validUntil: visit.checkupDate,
      updatedAt: at.toISOString(),
    },
  ];
}
