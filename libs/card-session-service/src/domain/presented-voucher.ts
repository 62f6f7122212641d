import type { PresentedVoucher, PresentedVoucherSummary } from '@hcv/contracts';
import { insurerNumberOrThrow } from '@hcv/domain';

/**
 * The insurer number printed on a presented voucher, in its canonical form: spaces trimmed,
 * full-width digits folded, a 6-digit 国保 number written as "00" + 6 digits read as the 6 (the form
 * eligibility answers carry); never padded. Anything else, or a wrong check digit, is refused naming
 * `field`.
 */
export function presentedInsurerNumber(raw: unknown, field: string): string {
  return insurerNumberOrThrow(typeof raw === 'string' ? raw : '', field);
}

/**
 * A request body naming a presented voucher, with its insurer number folded before the contract
 * checks it (full-width digits, spaces), so that a number written another way is read and a wrong
 * one is refused with its own code rather than a format error.
 */
export function foldPresentedInsurerNumber(body: unknown, field: string): unknown {
  if (typeof body !== 'object' || body === null || !('insurerNumber' in body)) return body;
  return { ...body, insurerNumber: presentedInsurerNumber((body as { insurerNumber: unknown }).insurerNumber, field) };
}

/** Two presentations name the same voucher when insurer and number agree (insurers number their vouchers themselves). */
export function sameVoucher(
  a: Pick<PresentedVoucher, 'insurerNumber' | 'voucherNumber'>,
  b: Pick<PresentedVoucher, 'insurerNumber' | 'voucherNumber'>,
): boolean {
  return a.insurerNumber === b.insurerNumber && a.voucherNumber === b.voucherNumber;
}

/** The voucher without its personal data (記号・番号) nor what only matching reads: what an event or a device may see. */
export function voucherSummary(v: PresentedVoucher): PresentedVoucherSummary {
  return {
    insurerNumber: v.insurerNumber,
    voucherNumber: v.voucherNumber,
    voucherKind: v.voucherKind,
    validUntil: v.validUntil,
    ...(v.guidanceLevel ? { guidanceLevel: v.guidanceLevel } : {}),
    ...(v.parts ? { parts: v.parts } : {}),
    ...(v.guidanceStep ? { guidanceStep: v.guidanceStep } : {}),
  };
}

/** The presented voucher once the eligibility request left: 記号・番号 dropped, the printed rest kept for the view. */
export function withoutMemberFields(v: PresentedVoucher): PresentedVoucher {
  const { symbol: _symbol, number: _number, ...rest } = v;
  return rest as PresentedVoucher;
}
