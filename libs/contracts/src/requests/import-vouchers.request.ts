import { z } from 'zod';
import { InstitutionNumberInput, InsurerNumberInput, IsoDate, Sex, VoucherNumber } from '../common';

const Amount = z.number().int().min(0).max(999_999); // ≤ 6 digits (DOMAIN.md)

/** The visitor's co-payment for a part of the checkup: 1 none, 2 fixed amount, 3 percentage, 4 insurer's upper limit. */
export const Copayment = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('fixed'), amount: Amount }),
  z.strictObject({ kind: z.literal('percentage'), percent: z.number().int().min(0).max(100) }),
  z.strictObject({ kind: z.literal('upper-limit'), amount: Amount }),
]);

/** The contract a voucher falls under: collective A/B (集合契約) through a coordinator, or individual. */
export const VoucherContract = z.strictObject({
  coordinator: z.enum(['collective-A', 'collective-B', 'individual']),
  paymentAgentNumber: z
    .string()
    .regex(/^\d{8}$/, 'a payment agent number has 8 digits')
    .optional(),
});

/** One checkup voucher (受診券, card type 1) or guidance voucher (利用券, card type 2) issued by an insurer. */
export const VoucherRecord = z
  .strictObject({
    voucherNumber: VoucherNumber,
    cardType: z.enum(['checkup', 'guidance']),
    insurerNumber: InsurerNumberInput,
    symbol: z.string().max(38),
    number: z.string().min(1).max(19),
    branch: z
      .string()
      .regex(/^\d{2}$/)
      .optional(),
    name: z.string().min(1).max(100),
    birthDate: IsoDate,
    sex: Sex,
    validFrom: IsoDate,
    validUntil: IsoDate,
    fiscalYear: z.number().int().min(2008).max(2100),
    /** Billing class: basic, +detailed, +additional, +detailed+additional, comprehensive (人間ドック). */
    checkupContent: z.enum(['basic', 'basic+detailed', 'basic+additional', 'basic+detailed+additional', 'comprehensive']).optional(),
    copayment: Copayment.optional(),
    /** The insurer's upper limit (保険者負担上限額), yen. */
    insurerUpperLimit: Amount.optional(),
    contract: VoucherContract.optional(),
    /** Guidance vouchers only: 積極的支援 (intensive), 動機付け支援 (motivational), or its equivalent. */
    guidanceLevel: z.enum(['intensive', 'motivational', 'motivational-equivalent']).optional(),
  })
  .refine((v) => v.cardType === 'guidance' || v.guidanceLevel === undefined, {
    message: 'only a guidance voucher has a guidance level',
    path: ['guidanceLevel'],
  })
  .refine((v) => v.validFrom <= v.validUntil, { message: 'validUntil is before validFrom', path: ['validUntil'] });
export type VoucherRecord = z.infer<typeof VoucherRecord>;

/** POST /vouchers/:voucherNumber/undo-use — an operator undoes a use; the history keeps both. */
export const UndoVoucherUseRequest = z.strictObject({
  sessionId: z.uuid(),
  by: z.string().min(1).max(64),
  reason: z.string().min(1).max(300),
});
export type UndoVoucherUseRequest = z.infer<typeof UndoVoucherUseRequest>;

/**
 * POST /vouchers/import — a batch of vouchers; idempotent by voucher number. Each row is judged on
 * its own against VoucherRecord: bad rows are reported (index, field, reason), good rows imported.
 */
export const ImportVouchersRequest = z.strictObject({
  vouchers: z.array(z.unknown()).min(1).max(10_000),
});
export type ImportVouchersRequest = z.infer<typeof ImportVouchersRequest>;

/**
 * PUT /contracts/:contractId — which institutions may serve which insurers' vouchers, for which
 * purposes and when: a collective contract (集合契約 A/B, many-to-many through representatives) or
 * an individual one (one insurer, one institution).
 */
export const ContractRequest = z
  .strictObject({
    kind: z.enum(['collective-A', 'collective-B', 'individual']),
    name: z.string().min(1).max(100),
    insurerNumbers: z.array(InsurerNumberInput).min(1).max(5_000),
    institutionNumbers: z.array(InstitutionNumberInput).min(1).max(50_000),
    purposes: z.array(z.enum(['specific-checkup', 'specific-guidance', 'comprehensive-checkup'])).min(1),
    validFrom: IsoDate,
    validUntil: IsoDate,
  })
  .refine((c) => c.kind !== 'individual' || (c.insurerNumbers.length === 1 && c.institutionNumbers.length === 1), {
    message: 'an individual contract binds one insurer and one institution',
    path: ['kind'],
  });
export type ContractRequest = z.infer<typeof ContractRequest>;
