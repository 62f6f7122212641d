import { z } from 'zod';

/** 保険者番号: 8 digits, or 6 for municipal national health insurance (国保). Check digit: see DOMAIN.md. */
export const InsurerNumber = z.string().regex(/^(\d{6}|\d{8})$/, 'an insurer number has 6 or 8 digits');
/** 健診・保健指導機関番号: 10 digits. */
export const InstitutionNumber = z.string().regex(/^\d{10}$/, 'an institution number has 10 digits');
/** 受診券整理番号 / 利用券整理番号: 11 digits. */
export const VoucherNumber = z.string().regex(/^\d{11}$/, 'a voucher number has 11 digits');
export const IsoDate = z.iso.date();
export const Identifier = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'letters, digits, _ . : - (max 64)');

/** Why the check is made. 本人確認 (identity verification) is not a purpose this system may serve. */
export const CheckPurpose = z.enum(['specific-checkup', 'specific-guidance', 'comprehensive-checkup']);
export type CheckPurpose = z.infer<typeof CheckPurpose>;

export const DeviceKind = z.enum(['pc', 'smartphone', 'tablet']);

/** How the visitor's identity was bound to the My Number card: PIN entry (暗証番号) or visual check (目視確認). */
export const IdentityCheck = z.enum(['pin', 'visual']);

/** 本人 (insured person) or 家族 (dependent family member). */
export const Relationship = z.enum(['insured', 'dependent']);
export const Sex = z.enum(['male', 'female', 'unset']);

/**
 * What the national system says about one qualification — only what matching needs; no health,
 * medication or checkup history is ever requested or carried (資格確認限定型).
 * 記号・番号・枝番, names and birth date are personal data: never logged, masked in APIs.
 */
export const Qualification = z.object({
  insurerNumber: InsurerNumber,
  insurerName: z.string().min(1).max(100),
  symbol: z.string().max(38),
  number: z.string().min(1).max(19),
  branch: z.string().regex(/^\d{2}$/),
  relationship: Relationship,
  name: z.string().min(1).max(100),
  nameKana: z.string().min(1).max(100),
  birthDate: IsoDate,
  sex: Sex,
  acquiredOn: IsoDate,
  lostOn: IsoDate.optional(),
});
export type Qualification = z.infer<typeof Qualification>;

export const VerificationOutcomeKind = z.enum([
  'matched',
  'insurer-mismatch',
  'member-mismatch',
  'voucher-not-found',
  'voucher-expired',
  'voucher-not-yet-valid',
  'voucher-already-used',
  'eligibility-lost',
  'no-qualification',
  'needs-manual-check',
]);
export type VerificationOutcomeKind = z.infer<typeof VerificationOutcomeKind>;

/** A page size in a query string: decimal digits only (no `1e3`, `0x10`, blanks), then bounded. */
export const QueryLimit = (max: number, byDefault: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, 'a whole number')
    .default(String(byDefault))
    .transform(Number)
    .pipe(z.number().int().min(1).max(max));
