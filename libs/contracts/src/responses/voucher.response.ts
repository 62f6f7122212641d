import { z } from 'zod';
import { Identifier, InsurerNumber, IsoDate, Sex, VoucherNumber } from '../common';
import { MaskedValue, Timestamp } from './timestamps';

/** Who used a voucher: a voucher is used at most once across every site and bus. */
export const VoucherUse = z.strictObject({ sessionId: z.uuid(), institutionNumber: z.string().min(1), siteId: Identifier, at: Timestamp });

/** What happened to a voucher's use, in order: used by a session, undone by an operator (why). */
export const VoucherHistoryEntry = z.discriminatedUnion('action', [
  VoucherUse.extend({ action: z.literal('used') }),
  z.strictObject({ action: z.literal('use-undone'), sessionId: z.uuid(), by: z.string(), reason: z.string(), at: Timestamp }),
]);

/**
 * A voucher as an API shows it (GET /vouchers/:voucherNumber, POST …/undo-use): 記号・番号・枝番
 * masked to their last two characters, name and birth date withheld (no field for them).
 */
export const VoucherResponse = z.strictObject({
  voucherNumber: VoucherNumber,
  cardType: z.enum(['checkup', 'guidance']),
  insurerNumber: InsurerNumber,
  symbol: MaskedValue,
  number: MaskedValue,
  branch: MaskedValue.optional(),
  sex: Sex,
  validFrom: IsoDate,
  validUntil: IsoDate,
  fiscalYear: z.number().int(),
  usedBy: VoucherUse.optional(),
  history: z.array(VoucherHistoryEntry),
});
export type VoucherResponse = z.infer<typeof VoucherResponse>;

/**
 * Why an import refused a row: a value missing, malformed or not one of the codes its column takes,
 * fields that contradict each other, a field the contract does not know (JSON), an insurer number
 * that fails its rule, the same voucher twice in one file, or a row the file's structure makes
 * unreadable (a cell count unlike the header's, bytes not valid in the declared charset).
 */
export const RejectedRowCode = z.enum([
  'missing-field',
  'invalid-field',
  'invalid-code',
  'invalid-date',
  'inconsistent-fields',
  'unknown-field',
  'invalid-insurer-number',
  'duplicate-in-file',
  'unreadable-row',
]);
export type RejectedRowCode = z.infer<typeof RejectedRowCode>;

/**
 * A rejected row of an import: its line (the file's line where the row starts, the header being
 * line 1; the 1-based index in a JSON batch), the field (a file's column name), a code and the reason.
 */
export const RejectedRow = z.strictObject({ line: z.number().int().min(1), field: z.string(), code: RejectedRowCode, reason: z.string() });
export type RejectedRow = z.infer<typeof RejectedRow>;

/** POST /vouchers/import: what a JSON batch did (the first 1,000 rejected rows; `rejectedCount` counts them all). */
export const ImportReportResponse = z.strictObject({
  received: z.number().int().min(0),
  imported: z.number().int().min(0),
  unchanged: z.number().int().min(0),
  rejectedCount: z.number().int().min(0),
  rejected: z.array(RejectedRow),
});
export type ImportReportResponse = z.infer<typeof ImportReportResponse>;
