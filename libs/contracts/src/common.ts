import { z } from 'zod';
import {
  foldIdentifier,
  INSTITUTION_NUMBER_SENTENCE,
  INSURER_NUMBER_SENTENCE,
  parseInstitutionNumber,
  parseInsurerNumber,
} from './identifiers';

/**
 * 保険者番号 as events and stored records carry it: canonical, 8 digits, or 6 for municipal national
 * health insurance (国保). Inputs use InsurerNumberInput, which normalises and checks the check digit.
 */
export const InsurerNumber = z.string().regex(/^(\d{6}|\d{8})$/, 'an insurer number has 6 or 8 digits');
/** 健診・保健指導機関番号 as events and stored records carry it: 10 digits. Inputs use InstitutionNumberInput. */
export const InstitutionNumber = z.string().regex(/^\d{10}$/, 'an institution number has 10 digits');

/** The error codes (ERROR_CATALOGUE) a refused identifier carries, on the zod issue as `params.code`. */
export const INVALID_INSURER_NUMBER = 'invalid-insurer-number';
export const INVALID_INSTITUTION_NUMBER = 'invalid-institution-number';

/**
 * An identifier as a caller writes it: any value goes in, so that a number, a 7-digit string or
 * full-width digits are all refused with the identifier's own code and sentence rather than a
 * generic type error; the output is the canonical string.
 */
const identifierInput = (
  parse: (raw: unknown) => { value: string } | { problem: string },
  code: string,
  sentence: string,
  description: string,
) =>
  z
    .unknown()
    .transform((raw, ctx) => {
      if (raw === undefined) {
        ctx.addIssue({ code: 'invalid_type', expected: 'string', input: raw, message: 'required' });
        return z.NEVER;
      }
      const parsed = parse(raw);
      if ('value' in parsed) return parsed.value;
      ctx.addIssue({ code: 'custom', input: raw, message: sentence, params: { code } });
      return z.NEVER;
    })
    .pipe(z.string())
    .meta({ type: 'string', description });

/**
 * 保険者番号 from any input (JSON bodies, query filters, files): spaces trimmed, full-width digits
 * folded, "00" + a 6-digit 国保 number read as the 6 digits, check digit enforced; nothing padded.
 */
export const InsurerNumberInput = identifierInput(
  parseInsurerNumber,
  INVALID_INSURER_NUMBER,
  INSURER_NUMBER_SENTENCE,
  '保険者番号: 8 digits, or 6 for a municipal 国保, with its check digit; spaces and full-width digits are accepted, "00" + 6 digits is read as the 6.',
);
/**
 * 健診・保健指導機関番号 from any input: spaces trimmed, full-width digits folded; structure and check
 * digit over the 9-digit body enforced (点数表番号 2: structure only, see institutionNumberWarnings).
 */
export const InstitutionNumberInput = identifierInput(
  parseInstitutionNumber,
  INVALID_INSTITUTION_NUMBER,
  INSTITUTION_NUMBER_SENTENCE,
  '健診・保健指導機関番号 (医療機関コード): 10 digits, prefecture 01–47, 点数表番号 1–4, check digit over the first 9; spaces and full-width digits are accepted.',
);
/**
 * Where a device, site or filter may name either an institution or an insurer enrolled under its
 * オンライン資格確認用コード: an institution number as above, or a code ("90" + 8 digits, the format the
 * registry issues today; its own check is the registry's).
 */
export const InstitutionOrCodeInput = identifierInput(
  (raw) => {
    const folded = typeof raw === 'string' ? foldIdentifier(raw) : raw;
    return typeof folded === 'string' && /^90\d{8}$/.test(folded) ? { value: folded } : parseInstitutionNumber(raw);
  },
  INVALID_INSTITUTION_NUMBER,
  INSTITUTION_NUMBER_SENTENCE,
  'A 健診・保健指導機関番号 (as InstitutionNumberInput) or an オンライン資格確認用コード.',
);
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
