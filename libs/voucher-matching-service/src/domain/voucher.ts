import type { VoucherRecord, VoucherResponse } from '@hcv/contracts';
import { normalizeWidth } from '@hcv/domain';

/** Who used a voucher: a voucher is used at most once across every site and bus. */
export interface VoucherUse {
  sessionId: string;
  institutionNumber: string;
  siteId: string;
  at: string;
}

/** What happened to a voucher's use, in order: used by a session, undone by an operator (why). */
export type VoucherHistoryEntry =
  ({ action: 'used' } & VoucherUse) | { action: 'use-undone'; sessionId: string; by: string; reason: string; at: string };

/** The member fields a voucher is matched on (記号・番号・枝番, name, birth date). */
export interface MemberFields {
  symbol: string;
  number: string;
  branch?: string;
  name: string;
  birthDate: string;
}

/**
 * The same fields as keyed digests (HMAC-SHA256 under VOUCHER_PII_KEY, base64url). Matching only
 * asks "equal or not, and which field first", so the vouchers collection never needs them in clear:
 * each value is normalised exactly as the matcher compares it (width-folded; a name also without
 * spaces) and then digested. Without the key a digest cannot be tested against guesses.
 */
export type MemberSeal = MemberFields;

/** Seals member fields into keyed digests (the port; adapters/member-seal.ts holds the HMAC). */
export interface MemberSealer {
  seal(member: MemberFields): MemberSeal;
}

/** What an API may show of a voucher's member fields: at most the last two characters. */
export interface MaskedMember {
  symbol: string;
  number: string;
  branch?: string;
}

export function mask(value: string): string {
  return value.length <= 2 ? '*'.repeat(value.length) : `${'*'.repeat(value.length - 2)}${value.slice(-2)}`;
}

/** The member fields as an API may show them: 記号・番号 width-folded, then masked with 枝番. */
export function maskedMember(member: MemberFields): MaskedMember {
  const symbol = normalizeWidth(member.symbol);
  const number = normalizeWidth(member.number);
  return { symbol: mask(symbol), number: mask(number), ...(member.branch !== undefined ? { branch: mask(member.branch) } : {}) };
}

type MemberKeys = 'symbol' | 'number' | 'branch' | 'name' | 'birthDate';

/**
 * A checkup (受診券) or guidance (利用券) voucher as imported from its insurer, with its use. The
 * member fields are kept only as keyed digests (`member`, for matching) and masked (`masked`, for
 * display): personal data that need not be read back in clear is not stored in clear.
 */
export interface Voucher extends Omit<VoucherRecord, MemberKeys> {
  member: MemberSeal;
  masked: MaskedMember;
  importedAt: string;
  usedBy?: VoucherUse;
  history?: VoucherHistoryEntry[];
}

/** An imported record as it is stored: member fields sealed and masked, the rest as given. */
export function toStoredVoucher(record: VoucherRecord & { importedAt: string }, sealer: MemberSealer): Voucher {
  const { symbol, number, branch, name, birthDate, ...rest } = record;
  const member = { symbol, number, ...(branch !== undefined ? { branch } : {}), name, birthDate };
  return { ...rest, member: sealer.seal(member), masked: maskedMember(member) };
}

/** What an API shows of a voucher: 記号・番号・枝番 masked, name and birth date withheld. */
export function voucherView(voucher: Voucher): VoucherResponse {
  return {
    voucherNumber: voucher.voucherNumber,
    cardType: voucher.cardType,
    insurerNumber: voucher.insurerNumber,
    symbol: voucher.masked.symbol,
    number: voucher.masked.number,
    ...(voucher.masked.branch ? { branch: voucher.masked.branch } : {}),
    sex: voucher.sex,
    validFrom: voucher.validFrom,
    validUntil: voucher.validUntil,
    fiscalYear: voucher.fiscalYear,
    ...(voucher.usedBy ? { usedBy: voucher.usedBy } : {}),
    history: voucher.history ?? [],
  };
}
