import type { FirstUseV2, GuidanceStep, VoucherKey, VoucherKind, VoucherPart, VoucherRecord, VoucherResponse } from '@hcv/contracts';
import { normalizeWidth } from '@hcv/domain';

export type { VoucherKey };

/** A voucher's document id: insurers number their vouchers themselves, so the key is (insurer, number). */
export function voucherId(key: VoucherKey): string {
  return `${key.insurerNumber}:${key.voucherNumber}`;
}

/** The key of a document id written by `voucherId`; null for any other string. */
export function voucherKeyOf(id: string): VoucherKey | null {
  const match = /^(\d{6}|\d{8}):(\d{11})$/.exec(id);
  return match ? { insurerNumber: match[1]!, voucherNumber: match[2]! } : null;
}

/**
 * One use of a voucher by a session: where (institution, site — with its name as known at the time),
 * when (the claim's time and the checkup date), and what was done (the parts of this visit; for a
 * 利用券, the guidance step).
 */
export interface VoucherUse {
  sessionId: string;
  /** Who ran the visit: an institution, or an insurer running checkups itself (its code) — exactly one. */
  institutionNumber?: string;
  onlineEligibilityCode?: string;
  siteId: string;
  siteName?: string;
  /** When the use was claimed (ISO time). */
  at: string;
  /** The visit's checkup date (YYYY-MM-DD). */
  checkupDate: string;
  voucherKind: VoucherKind;
  parts: VoucherPart[];
  /** 利用券: the step of this visit. */
  guidanceStep?: GuidanceStep;
  /**
   * The request event whose match claimed the use (absent: a settlement, or a use from before uses
   * named it). Kept in the history, so that the same request coming again never claims again — not
   * even after an operator undid the use. Internal: an API never shows it.
   */
  requestId?: string;
}

/** What the outcome names of an earlier use: the site (by name when known), the institution, the time. */
export function toFirstUse(use: VoucherUse): FirstUseV2 {
  return {
    siteId: use.siteId,
    ...(use.siteName ? { siteName: use.siteName } : {}),
    ...(use.onlineEligibilityCode !== undefined
      ? { onlineEligibilityCode: use.onlineEligibilityCode }
      : { institutionNumber: use.institutionNumber! }),
    at: use.at,
  };
}

/** The same operator ran both visits (institution by number, insurer by code). */
export function sameOperator(a: Pick<VoucherUse, 'institutionNumber' | 'onlineEligibilityCode'>, b: typeof a): boolean {
  return a.institutionNumber === b.institutionNumber && a.onlineEligibilityCode === b.onlineEligibilityCode;
}

/** What happened to a voucher, in order: used by a session, a use undone by an operator (why), re-issued by its insurer. */
export type VoucherHistoryEntry =
  | ({ action: 'used' } & VoucherUse)
  | { action: 'use-undone'; sessionId: string; by: string; reason: string; at: string }
  /** `fields`: the names of the record's fields the re-issue changed (never their values). */
  | { action: 'reissued'; fields: string[]; at: string };

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
export type MemberSeal = MemberFields & {
  /** The digest key's id (VOUCHER_PII_KEYS); absent: key 1, the key before any rotation. */
  keyId?: string;
};

/** The key a sealed member was digested under: its `keyId`, or key 1 (records from before any rotation name none). */
export function keyIdOf(seal: MemberSeal): string {
  return seal.keyId ?? '1';
}

/**
 * Seals member fields into keyed digests (the port; adapters/member-seal.ts holds the HMAC). A
 * field's digest depends on its field, its normalised value (normaliseMemberField) and the key alone:
 * the matcher reuses one seal for values that normalise alike.
 */
export interface MemberSealer {
  /** Under the current key, or under `keyId` to compare with a record digested under it. */
  seal(member: MemberFields, keyId?: string): MemberSeal;
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
 * An insurer's record of a voucher (an insurer roster, the 代行機関's 受診券情報) as stored: the member
 * fields only as keyed digests (`member`, for matching) and masked (`masked`, for display) —
 * personal data that need not be read back in clear is not stored in clear.
 */
export interface ImportedVoucher extends Omit<VoucherRecord, MemberKeys> {
  member: MemberSeal;
  masked: MaskedMember;
  importedAt: string;
}

/** A record a re-issue (再発行) replaced: its values as they were, when imported and when replaced. */
export type ReplacedRecord = ImportedVoucher & { replacedAt: string };

/**
 * A checkup (受診券) or guidance (利用券) voucher, identified by (insurer, number). It exists once
 * imported or first used: a paper voucher presented under 集合契約 without any import has uses and
 * no `record`. A re-issue replaces `record` and keeps the one it replaced in `reissues`; uses are
 * never touched by an import.
 */
export interface Voucher extends VoucherKey {
  /** The current (latest) imported record; absent for a voucher only ever presented. */
  record?: ImportedVoucher;
  /** Records replaced by re-issues, oldest first. */
  reissues: ReplacedRecord[];
  /** Uses holding now (an undone use is removed), in order. */
  uses: VoucherUse[];
  /** Every use, undo and re-issue, in order; only ever appended to (the writes' version). */
  history: VoucherHistoryEntry[];
}

/** An imported record as it is stored: member fields sealed and masked, the rest as given. */
export function toImportedVoucher(record: VoucherRecord & { importedAt: string }, sealer: MemberSealer): ImportedVoucher {
  const { symbol, number, branch, name, birthDate, ...rest } = record;
  const member = { symbol, number, ...(branch !== undefined ? { branch } : {}), name, birthDate };
  return { ...rest, member: sealer.seal(member), masked: maskedMember(member) };
}

/** A voucher holding only `record` (no use, no re-issue yet): how an import creates it. */
export function importedVoucher(record: ImportedVoucher): Voucher {
  return { insurerNumber: record.insurerNumber, voucherNumber: record.voucherNumber, record, reissues: [], uses: [], history: [] };
}

/** What an API shows of a voucher: 記号・番号・枝番 masked, name and birth date withheld. */
export function voucherView(voucher: Voucher): VoucherResponse {
  const { record } = voucher;
  const kind = record?.voucherKind ?? voucher.uses[0]?.voucherKind;
  return {
    key: { insurerNumber: voucher.insurerNumber, voucherNumber: voucher.voucherNumber },
    imported: record !== undefined,
    ...(kind ? { voucherKind: kind } : {}),
    ...(record
      ? {
          symbol: record.masked.symbol,
          number: record.masked.number,
          ...(record.masked.branch ? { branch: record.masked.branch } : {}),
          sex: record.sex,
          fiscalYear: record.fiscalYear,
          ...(record.paymentAgentNumber ? { paymentAgentNumber: record.paymentAgentNumber } : {}),
          ...printed(record),
        }
      : {}),
    uses: voucher.uses.map(({ requestId: _internal, ...u }) => u),
    reissues: voucher.reissues.map((r) => ({ voucherKind: r.voucherKind, ...printed(r), replacedAt: r.replacedAt })),
    history: voucher.history.map((h) => {
      if (h.action !== 'used') return { ...h };
      const { requestId: _internal, ...shown } = h;
      return shown;
    }),
  };
}

/** The fields a re-issue may change, as an API shows them. */
function printed(record: ImportedVoucher) {
  return {
    validFrom: record.validFrom,
    validUntil: record.validUntil,
    ...(record.issuedOn ? { issuedOn: record.issuedOn } : {}),
    copayments: record.copayments,
    ...(record.insurerUpperLimit !== undefined ? { insurerUpperLimit: record.insurerUpperLimit } : {}),
    ...(record.coordinator ? { coordinator: record.coordinator } : {}),
    ...(record.guidanceLevel ? { guidanceLevel: record.guidanceLevel } : {}),
    importedAt: record.importedAt,
  };
}
