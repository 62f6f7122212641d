import { z } from 'zod';
import { Identifier, InsurerNumber, IsoDate, VoucherNumber } from './common';

/**
 * The vocabulary of a checkup voucher (受診券) and a guidance voucher (利用券) as printed and as an
 * insurer's roster lists it (DOMAIN.md "Vouchers"; the claim file's `checkupCard`, INTERFACES.md §3).
 */

/** 券種 (券面種別, OID …6.208): 1 受診券 (checkup voucher), 2 利用券 (guidance voucher). */
export const VoucherKind = z.enum(['checkup', 'guidance']);
export type VoucherKind = z.infer<typeof VoucherKind>;

/** 支援レベル of a 利用券: 1 積極的支援, 2 動機付け支援, 3 動機付け支援相当. */
export const GuidanceLevel = z.enum(['intensive', 'motivational', 'motivational-equivalent']);
export type GuidanceLevel = z.infer<typeof GuidanceLevel>;

/**
 * A part of what a voucher covers, each with its own 窓口負担: 基本的な健診 (basic), 詳細な健診 (detailed),
 * 追加健診 (additional), 人間ドック (comprehensive) — the claim's chargeTypeBasic / Detail / Other /
 * HumanDryDock — and, on a 利用券, the guidance itself (特定保健指導).
 */
export const VoucherPart = z.enum(['basic', 'detailed', 'additional', 'comprehensive', 'guidance']);
export type VoucherPart = z.infer<typeof VoucherPart>;

/** Yen or a rate: 6 digits at most on the voucher and in the claim. */
export const Amount = z.number().int().min(0).max(999_999);

/**
 * 窓口負担 of one part: 1 none (負担なし), 2 fixed amount (定額), 3 rate (定率, percent of the contract's
 * unit price), 4 the insurer pays up to its upper limit (保険者負担上限額, on the voucher) and the
 * visitor the rest.
 */
export const Copayment = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('fixed'), amount: Amount }),
  z.strictObject({ kind: z.literal('rate'), percent: z.number().int().min(0).max(100) }),
  z.strictObject({ kind: z.literal('upper-limit') }),
]);
export type Copayment = z.infer<typeof Copayment>;

/** The 窓口負担 the voucher prints, part by part (the parts it covers). */
export const Copayments = z.strictObject({
  basic: Copayment.optional(),
  detailed: Copayment.optional(),
  additional: Copayment.optional(),
  comprehensive: Copayment.optional(),
  guidance: Copayment.optional(),
});
export type Copayments = z.infer<typeof Copayments>;

/** 集合契約A, 集合契約B, or an individual contract (個別契約). */
export const ContractKind = z.enum(['collective-A', 'collective-B', 'individual']);
export type ContractKind = z.infer<typeof ContractKind>;

/** An organisation (契約取りまとめ機関, e.g. 全衛連, a prefectural medical association): our id and its name. */
export const Organisation = z.strictObject({ id: Identifier, name: z.string().min(1).max(100) });
export type Organisation = z.infer<typeof Organisation>;

/**
 * The contract a voucher was issued for, as printed (契約取りまとめ機関): the contract kind and, for
 * a collective contract, the coordinating organisation when the voucher names it.
 */
export const VoucherCoordinator = z.strictObject({ kind: ContractKind, organisation: Organisation.optional() });
export type VoucherCoordinator = z.infer<typeof VoucherCoordinator>;

/** A voucher's identity: insurers number their vouchers themselves, so the number is unique only within an insurer. */
export const VoucherKey = z.strictObject({ insurerNumber: InsurerNumber, voucherNumber: VoucherNumber });
export type VoucherKey = z.infer<typeof VoucherKey>;

/** A 利用券's steps: the initial interview (初回面接) and the follow-ups (継続支援) over months. */
export const GuidanceStep = z.enum(['initial-interview', 'follow-up']);
export type GuidanceStep = z.infer<typeof GuidanceStep>;

/**
 * The voucher as the visitor presents it — the fields printed on the paper 受診券 / 利用券 that the
 * desk types or scans. Matching works from these alone (under 集合契約 the institution receives no
 * voucher file); an imported record, where one exists, is a cross-check. 記号・番号 are personal data,
 * given only where the voucher prints them.
 */
export const PresentedVoucher = z
  .strictObject({
    insurerNumber: InsurerNumber,
    voucherNumber: VoucherNumber,
    voucherKind: VoucherKind,
    /** 有効期限. */
    validUntil: IsoDate,
    /** 交付日, where printed. */
    issuedOn: IsoDate.optional(),
    guidanceLevel: GuidanceLevel.optional(),
    copayments: Copayments,
    /** 保険者負担上限額 (yen), printed when a part's 窓口負担 is the insurer's upper limit. */
    insurerUpperLimit: Amount.optional(),
    coordinator: VoucherCoordinator.optional(),
    symbol: z.string().max(38).optional(),
    number: z.string().min(1).max(19).optional(),
    /** Which parts are done at this visit (a 特定健診 may be done in parts); all the voucher covers if omitted. */
    parts: z.array(VoucherPart).min(1).max(5).optional(),
    /** 利用券: the step of this visit; the initial interview if omitted. */
    guidanceStep: GuidanceStep.optional(),
  })
  .refine((v) => v.voucherKind === 'guidance' || v.guidanceLevel === undefined, {
    message: 'only a guidance voucher (利用券) has a guidance level',
    path: ['guidanceLevel'],
  })
  .refine((v) => v.voucherKind === 'guidance' || v.guidanceStep === undefined, {
    message: 'only a guidance voucher (利用券) has a guidance step',
    path: ['guidanceStep'],
  })
  .refine((v) => Object.values(v.copayments).some((c) => c !== undefined), {
    message: 'give the 窓口負担 of at least one part',
    path: ['copayments'],
  })
  .refine((v) => !Object.values(v.copayments).some((c) => c?.kind === 'upper-limit') || v.insurerUpperLimit !== undefined, {
    message: 'a part paid up to the insurer’s upper limit needs insurerUpperLimit (保険者負担上限額)',
    path: ['insurerUpperLimit'],
  });
export type PresentedVoucher = z.infer<typeof PresentedVoucher>;

/** A presented voucher without its personal data (記号・番号): what may travel where matching does not happen. */
export const PresentedVoucherSummary = z.strictObject({
  insurerNumber: InsurerNumber,
  voucherNumber: VoucherNumber,
  voucherKind: VoucherKind,
  validUntil: IsoDate,
  guidanceLevel: GuidanceLevel.optional(),
  parts: z.array(VoucherPart).min(1).max(5).optional(),
  guidanceStep: GuidanceStep.optional(),
});
export type PresentedVoucherSummary = z.infer<typeof PresentedVoucherSummary>;

/** Where an eligibility answer came from: an online check (the national system), or transcribed from an alternative document. */
export const EligibilitySource = z.enum(['online', 'transcribed']);
export type EligibilitySource = z.infer<typeof EligibilitySource>;

/** What a decision compared: the voucher as presented, an imported record, the eligibility answer, the contract. */
export const ComparedSource = z.enum([
  'presented-voucher',
  'imported-voucher',
  'online-eligibility',
  'transcribed-eligibility',
  'contract',
]);
export type ComparedSource = z.infer<typeof ComparedSource>;

/** One part the desk collects for: the printed 窓口負担 and, when the amount is known, the yen to collect. */
export const CollectLine = z.strictObject({
  part: VoucherPart,
  copayment: Copayment,
  /** Yen to collect; absent when it depends on a price the platform does not know (rate or upper limit without the contract's unit price). */
  yen: Amount.optional(),
  /** The contract's unit price of the part (単価), when known. */
  unitPrice: Amount.optional(),
});
export type CollectLine = z.infer<typeof CollectLine>;

/** What the desk collects at this visit, part by part, and the total when every line is known. */
export const DeskCollection = z.strictObject({
  lines: z.array(CollectLine),
  totalYen: z.number().int().min(0).optional(),
  insurerUpperLimit: Amount.optional(),
});
export type DeskCollection = z.infer<typeof DeskCollection>;

/** What the voucher covers: its parts and, for a 利用券, the guidance level. */
export const VoucherCoverage = z.strictObject({ parts: z.array(VoucherPart), guidanceLevel: GuidanceLevel.optional() });
export type VoucherCoverage = z.infer<typeof VoucherCoverage>;

/** How a needs-manual-check or member-mismatch was settled by staff. */
export const Settlement = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('insurer-confirmed'),
    by: Identifier,
    at: z.iso.datetime({ offset: true }),
    /** Who at the insurer confirmed (a name or a desk). */
    insurerContact: z.string().min(1).max(100),
    /** The insurer's reference for the call or letter, if any. */
    reference: z.string().min(1).max(100).optional(),
  }),
  z.strictObject({
    kind: z.literal('same-person'),
    by: Identifier,
    at: z.iso.datetime({ offset: true }),
    /** Why the staff member judged it the same person (e.g. 異体字 髙/高 in the name). */
    reason: z.string().min(1).max(300),
  }),
]);
export type Settlement = z.infer<typeof Settlement>;

/** The first use that makes a voucher "already used": the site by name, the institution, the time. */
export const FirstUse = z.strictObject({
  siteId: Identifier,
  siteName: z.string().min(1).max(100).optional(),
  institutionNumber: z.string().regex(/^\d{10}$/),
  at: z.iso.datetime({ offset: true }),
});
export type FirstUse = z.infer<typeof FirstUse>;
