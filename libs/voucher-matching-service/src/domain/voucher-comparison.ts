/** The presented voucher compared with the insurer's record and the eligibility answer, field by field. */
import { type Copayment, type Copayments, type PresentedVoucher, type VoucherDifference } from '@hcv/contracts';
import { coveredParts } from './desk-collection';
import type { ImportedRecord, MemberField } from './match-decision';
import { normaliseMemberField } from './member-normalise';
import type { MemberFields, MemberSeal, MemberSealer } from './voucher';

/**
 * The first member field where two sealed members differ, in the order an operator checks them. Both
 * sides are keyed digests of the normalised values (normaliseMemberField), so equal digests are equal
 * values as the matcher compares them. A branch (枝番) is compared only when both give one.
 */
export function firstMemberMismatch(a: MemberSeal, b: MemberSeal): MemberField | undefined {
  if (a.symbol !== b.symbol) return 'symbol';
  if (a.number !== b.number) return 'number';
  if (a.branch !== undefined && b.branch !== undefined && a.branch !== b.branch) return 'branch';
  if (a.name !== b.name) return 'name';
  if (a.birthDate !== b.birthDate) return 'birthDate';
  return undefined;
}

/** Copayments as compared: part by part, the same kind and value. */
function sameCopayments(a: Copayments, b: Copayments): boolean {
  // A part only one side prints differs (the other's is undefined); every part `a` prints is compared.
  for (const p of coveredParts(b)) if (a[p] === undefined) return false;
  for (const p of coveredParts(a)) if (!sameCopayment(a[p]!, b[p])) return false;
  return true;
}

/**
 * One part's 窓口負担 on both sides: the same fields (those with a value) with the same values, in
 * any order — field by field, instead of each side sorted and serialised (once per verification
 * with an imported record).
 */
function sameCopayment(a: Copayment, b: Copayment | undefined): boolean {
  if (b === undefined) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let fields = 0;
  for (const k in x) {
    if (x[k] === undefined) continue;
    if (x[k] !== y[k]) return false;
    fields++;
  }
  for (const k in y) if (y[k] !== undefined) fields--;
  return fields === 0;
}

/** The fields of the presented voucher that differ from the record (named, never their values). */
export function recordDifferences(
  voucher: PresentedVoucher,
  record: ImportedRecord,
  sealedPrinted: { symbol?: string; number?: string },
): VoucherDifference[] {
  const differences: VoucherDifference[] = [];
  if (voucher.voucherKind !== record.voucherKind) differences.push('voucherKind');
  if (voucher.validUntil !== record.validUntil) differences.push('validUntil');
  if ((voucher.guidanceLevel !== undefined || record.guidanceLevel !== undefined) && voucher.guidanceLevel !== record.guidanceLevel)
    differences.push('guidanceLevel');
  if (!sameCopayments(voucher.copayments, record.copayments)) differences.push('copayments');
  if (voucher.insurerUpperLimit !== undefined && voucher.insurerUpperLimit !== record.insurerUpperLimit)
    differences.push('insurerUpperLimit');
  if (voucher.coordinator && record.coordinator) {
    const vo = voucher.coordinator.organisation?.id;
    const ro = record.coordinator.organisation?.id;
    if (voucher.coordinator.kind !== record.coordinator.kind || (vo !== undefined && ro !== undefined && vo !== ro))
      differences.push('coordinator');
  }
  if (sealedPrinted.symbol !== undefined && sealedPrinted.symbol !== record.member.symbol) differences.push('symbol');
  if (sealedPrinted.number !== undefined && sealedPrinted.number !== record.member.number) differences.push('number');
  return differences;
}

/**
 * The printed 記号・番号 sealed as the record's member was, under its key (only those the voucher prints).
 * `answerSeal` gives the answer's member sealed under that key (the matcher seals it once for this
 * and for the member check): when the printed values normalise as the answer's (`printedMismatch`
 * finds nothing, the usual case) their digests are the answer's — a seal digests the normalised value
 * alone — and no other seal is made.
 */
export function sealPrinted(
  voucher: PresentedVoucher,
  member: MemberFields,
  answerSeal: () => MemberSeal,
  sealer: MemberSealer,
  keyId: string,
): { symbol?: string; number?: string } {
  if (voucher.symbol === undefined && voucher.number === undefined) return {};
  const sealed =
    printedMismatch(voucher, member) === undefined
      ? answerSeal()
      : sealer.seal({ ...member, symbol: voucher.symbol ?? member.symbol, number: voucher.number ?? member.number }, keyId);
  return {
    ...(voucher.symbol !== undefined ? { symbol: sealed.symbol } : {}),
    ...(voucher.number !== undefined ? { number: sealed.number } : {}),
  };
}

/** The printed 記号・番号 against the eligibility answer (both in memory, compared as the sealer normalises them). */
export function printedMismatch(voucher: PresentedVoucher, member: MemberFields): MemberField | undefined {
  if (voucher.symbol !== undefined && normaliseMemberField('symbol', voucher.symbol) !== normaliseMemberField('symbol', member.symbol))
    return 'symbol';
  if (voucher.number !== undefined && normaliseMemberField('number', voucher.number) !== normaliseMemberField('number', member.number))
    return 'number';
  return undefined;
}
