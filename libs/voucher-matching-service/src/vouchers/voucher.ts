import type { VoucherRecord } from '@hcv/contracts';
import { MemberDigester, type MaskedMember, type MemberSeal } from './member-seal';

export { mask } from './member-seal';

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
export function toStoredVoucher(record: VoucherRecord & { importedAt: string }, digester: MemberDigester): Voucher {
  const { symbol, number, branch, name, birthDate, ...rest } = record;
  const member = { symbol, number, ...(branch !== undefined ? { branch } : {}), name, birthDate };
  return { ...rest, member: digester.seal(member), masked: MemberDigester.masked(member) };
}

/** What an API shows of a voucher: 記号・番号・枝番 masked, name and birth date withheld. */
export function voucherView(voucher: Voucher) {
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
