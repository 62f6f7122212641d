import type { VoucherRecord } from '@hcv/contracts';

/** Who used a voucher: a voucher is used at most once across every site and bus. */
export interface VoucherUse {
  sessionId: string;
  institutionNumber: string;
  siteId: string;
  at: string;
}

/** What happened to a voucher's use, in order: used by a session, undone by an operator (why). */
export type VoucherHistoryEntry =
  | ({ action: 'used' } & VoucherUse)
  | { action: 'use-undone'; sessionId: string; by: string; reason: string; at: string };

/** A checkup (受診券) or guidance (利用券) voucher as imported from its insurer, with its use. */
export interface Voucher extends VoucherRecord {
  importedAt: string;
  usedBy?: VoucherUse;
  history?: VoucherHistoryEntry[];
}

/** Masks an insurance symbol/number for display: at most the last two characters show. */
export function mask(value: string): string {
  return value.length <= 2 ? '*'.repeat(value.length) : `${'*'.repeat(value.length - 2)}${value.slice(-2)}`;
}

/** What an API shows of a voucher: 記号・番号・枝番 masked, name and birth date withheld. */
export function voucherView(voucher: Voucher) {
  return {
    voucherNumber: voucher.voucherNumber,
    cardType: voucher.cardType,
    insurerNumber: voucher.insurerNumber,
    symbol: mask(voucher.symbol),
    number: mask(voucher.number),
    ...(voucher.branch ? { branch: mask(voucher.branch) } : {}),
    sex: voucher.sex,
    validFrom: voucher.validFrom,
    validUntil: voucher.validUntil,
    fiscalYear: voucher.fiscalYear,
    ...(voucher.usedBy ? { usedBy: voucher.usedBy } : {}),
    history: voucher.history ?? [],
  };
}
