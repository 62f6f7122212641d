import { z } from 'zod';
import { InsurerNumber, IsoDate, Sex, VoucherNumber } from '../common';

/** One checkup voucher (受診券, card type 1) or guidance voucher (利用券, card type 2) issued by an insurer. */
export const VoucherRecord = z.strictObject({
  voucherNumber: VoucherNumber,
  cardType: z.enum(['checkup', 'guidance']),
  insurerNumber: InsurerNumber,
  symbol: z.string().max(38),
  number: z.string().min(1).max(19),
  branch: z.string().regex(/^\d{2}$/).optional(),
  name: z.string().min(1).max(100),
  birthDate: IsoDate,
  sex: Sex,
  validFrom: IsoDate,
  validUntil: IsoDate,
  fiscalYear: z.number().int().min(2008).max(2100),
});
export type VoucherRecord = z.infer<typeof VoucherRecord>;

/** POST /vouchers/:voucherNumber/undo-use — an operator undoes a use; the history keeps both. */
export const UndoVoucherUseRequest = z.strictObject({
  sessionId: z.uuid(),
  by: z.string().min(1).max(64),
  reason: z.string().min(1).max(300),
});
export type UndoVoucherUseRequest = z.infer<typeof UndoVoucherUseRequest>;

/** POST /vouchers/import — a batch of vouchers; idempotent by voucher number. */
export const ImportVouchersRequest = z.strictObject({
  vouchers: z.array(VoucherRecord).min(1).max(10_000),
});
export type ImportVouchersRequest = z.infer<typeof ImportVouchersRequest>;
