import { z } from 'zod';
import { Identifier, InstitutionNumberInput, InsurerNumberInput, IsoDate, QueryLimit, Sex, VoucherNumber } from '../common';
import { Amount, ContractKind, Copayments, GuidanceLevel, Organisation, VoucherCoordinator, VoucherKind, VoucherPart } from '../voucher';

/**
 * One checkup voucher (受診券) or guidance voucher (利用券) as its insurer lists it (an insurer roster
 * under 個別契約, or the 受診券情報 an insurer sends to the 代行機関): identified by (insurer, number).
 * The covered parts are those with a 窓口負担.
 */
export const VoucherRecord = z
  .strictObject({
    voucherNumber: VoucherNumber,
    voucherKind: VoucherKind,
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
    /** 交付日. */
    issuedOn: IsoDate.optional(),
    fiscalYear: z.number().int().min(2008).max(2100),
    copayments: Copayments,
    /** 保険者負担上限額 (yen). */
    insurerUpperLimit: Amount.optional(),
    coordinator: VoucherCoordinator.optional(),
    /** 支払代行機関番号. */
    paymentAgentNumber: z
      .string()
      .regex(/^\d{8}$/, 'a payment agent number has 8 digits')
      .optional(),
    /** 利用券 only: 積極的支援, 動機付け支援, or its equivalent. */
    guidanceLevel: GuidanceLevel.optional(),
  })
  .refine((v) => v.voucherKind === 'guidance' || v.guidanceLevel === undefined, {
    message: 'only a guidance voucher (利用券) has a guidance level',
    path: ['guidanceLevel'],
  })
  .refine((v) => !Object.values(v.copayments).some((c) => c?.kind === 'upper-limit') || v.insurerUpperLimit !== undefined, {
    message: 'a part paid up to the insurer’s upper limit needs insurerUpperLimit (保険者負担上限額)',
    path: ['insurerUpperLimit'],
  })
  .refine((v) => v.validFrom <= v.validUntil, { message: 'validUntil is before validFrom', path: ['validUntil'] });
export type VoucherRecord = z.infer<typeof VoucherRecord>;

/** POST /vouchers/:insurerNumber/:voucherNumber/undo-use — an operator undoes a use; the history keeps both. */
export const UndoVoucherUseRequest = z.strictObject({
  sessionId: z.uuid(),
  by: z.string().min(1).max(64),
  reason: z.string().min(1).max(300),
});
export type UndoVoucherUseRequest = z.infer<typeof UndoVoucherUseRequest>;

/**
 * POST /vouchers/import — a batch of vouchers; idempotent by (insurer number, voucher number). Each row is judged on
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
    kind: ContractKind,
    name: z.string().min(1).max(100),
    /** 契約取りまとめ機関 of a collective contract: the organisation that coordinates the institutions. */
    coordinator: Organisation.optional(),
    insurerNumbers: z.array(InsurerNumberInput).min(1).max(5_000),
    institutionNumbers: z.array(InstitutionNumberInput).min(1).max(50_000),
    purposes: z.array(z.enum(['specific-checkup', 'specific-guidance', 'comprehensive-checkup'])).min(1),
    /** 特定保健指導: the levels the institutions may serve; every level if omitted. */
    guidanceLevels: z.array(GuidanceLevel).min(1).optional(),
    /** 単価 per part (yen), for the 窓口負担 of a rate or an upper limit. */
    unitPrices: z.partialRecord(VoucherPart, Amount).optional(),
    validFrom: IsoDate,
    validUntil: IsoDate,
  })
  .refine((c) => c.kind !== 'individual' || (c.insurerNumbers.length === 1 && c.institutionNumbers.length === 1), {
    message: 'an individual contract binds one insurer and one institution',
    path: ['kind'],
  })
  .refine((c) => c.kind === 'individual' || c.coordinator !== undefined, {
    message: 'a collective contract names its 契約取りまとめ機関 (coordinator)',
    path: ['coordinator'],
  });
export type ContractRequest = z.infer<typeof ContractRequest>;

/**
 * POST /decisions/:sessionId/settlement — staff settle a needs-manual-check or member-mismatch:
 * confirmed with the insurer (by phone: who, and their reference) or judged the same person (why).
 * Who settled is the staff member of the token; when is the time of the request.
 */
export const SettleDecisionRequest = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('insurer-confirmed'),
    insurerContact: z.string().min(1).max(100),
    reference: z.string().min(1).max(100).optional(),
  }),
  z.strictObject({ kind: z.literal('same-person'), reason: z.string().min(1).max(300) }),
]);
export type SettleDecisionRequest = z.infer<typeof SettleDecisionRequest>;

/**
 * GET /decisions?state=needs-settlement — the manual-settlement queue (sessions whose latest decision
 * is needs-manual-check or member-mismatch), newest first; `cursor` is the previous page's `nextCursor`.
 */
export const SettlementQueueQuery = z.strictObject({
  state: z.literal('needs-settlement'),
  limit: QueryLimit(200, 50),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, 'the nextCursor of the previous page')
    .optional(),
  siteId: Identifier.optional(),
});
export type SettlementQueueQuery = z.infer<typeof SettlementQueueQuery>;
