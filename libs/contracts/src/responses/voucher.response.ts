import { z } from 'zod';
import { Identifier, IsoDate, Sex } from '../common';
import { Amount, Copayments, GuidanceLevel, GuidanceStep, VoucherCoordinator, VoucherKey, VoucherKind, VoucherPart } from '../voucher';
import { MaskedValue, Timestamp } from './timestamps';

/** One use of a voucher: the session, where (institution, site and its name), when, and what was done (parts, guidance step). */
export const VoucherUse = z.strictObject({
  sessionId: z.uuid(),
  institutionNumber: z.string().regex(/^\d{10}$/),
  siteId: Identifier,
  siteName: z.string().min(1).max(100).optional(),
  at: Timestamp,
  checkupDate: IsoDate,
  voucherKind: VoucherKind,
  parts: z.array(VoucherPart),
  guidanceStep: GuidanceStep.optional(),
});

/** What happened to a voucher, in order: used by a session, a use undone by an operator (why), re-issued (the changed fields' names). */
export const VoucherHistoryEntry = z.discriminatedUnion('action', [
  VoucherUse.extend({ action: z.literal('used') }),
  z.strictObject({ action: z.literal('use-undone'), sessionId: z.uuid(), by: z.string(), reason: z.string(), at: Timestamp }),
  z.strictObject({ action: z.literal('reissued'), fields: z.array(z.string()), at: Timestamp }),
]);

/** The fields of an insurer's record a re-issue (再発行) may change. */
const PrintedFields = {
  validFrom: IsoDate,
  validUntil: IsoDate,
  issuedOn: IsoDate.optional(),
  copayments: Copayments,
  insurerUpperLimit: Amount.optional(),
  coordinator: VoucherCoordinator.optional(),
  guidanceLevel: GuidanceLevel.optional(),
  /** When this record was imported. */
  importedAt: Timestamp,
};

/** A record a re-issue replaced: its values as they were, and when it was replaced. */
export const VoucherReissue = z.strictObject({ voucherKind: VoucherKind, ...PrintedFields, replacedAt: Timestamp });

/**
 * A voucher as an API shows it (GET /vouchers/:insurerNumber/:voucherNumber, POST …/undo-use),
 * identified by (insurer, number). The insurer's record, when one was imported (`imported`), with
 * 記号・番号・枝番 masked to their last two characters, name and birth date withheld (no field for
 * them); a voucher only ever presented (a paper voucher under 集合契約) shows its uses alone.
 */
export const VoucherResponse = z.strictObject({
  key: VoucherKey,
  imported: z.boolean(),
  /** The record's 券種, else the first use's. */
  voucherKind: VoucherKind.optional(),
  symbol: MaskedValue.optional(),
  number: MaskedValue.optional(),
  branch: MaskedValue.optional(),
  sex: Sex.optional(),
  fiscalYear: z.number().int().optional(),
  paymentAgentNumber: z.string().optional(),
  validFrom: IsoDate.optional(),
  validUntil: IsoDate.optional(),
  issuedOn: IsoDate.optional(),
  copayments: Copayments.optional(),
  insurerUpperLimit: Amount.optional(),
  coordinator: VoucherCoordinator.optional(),
  guidanceLevel: GuidanceLevel.optional(),
  importedAt: Timestamp.optional(),
  uses: z.array(VoucherUse),
  reissues: z.array(VoucherReissue),
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
  /** Records that replaced a stored one with different values (再発行); the replaced one is kept in the voucher's `reissues`. */
  reissued: z.number().int().min(0),
  unchanged: z.number().int().min(0),
  rejectedCount: z.number().int().min(0),
  rejected: z.array(RejectedRow),
});
export type ImportReportResponse = z.infer<typeof ImportReportResponse>;

/**
 * One session in the manual-settlement queue: what the desk needs to phone the insurer and settle
 * (ids, places, the voucher's printed key and kind; no 記号・番号, name or birth date). Times are
 * ISO with offset; `decidedAtJst` is the same instant as Japan reads it (`YYYY-MM-DD HH:MM JST`).
 */
export const SettlementQueueItem = z.looseObject({
  sessionId: z.string(),
  outcome: z.enum(['needs-manual-check', 'member-mismatch']),
  decidedAt: Timestamp,
  decidedAtJst: z.string(),
  checkupDate: z.string().optional(),
  siteId: z.string().optional(),
  siteName: z.string().optional(),
  institutionNumber: z.string().optional(),
  purpose: z.string().optional(),
  voucher: z
    .looseObject({ insurerNumber: z.string(), voucherNumber: z.string(), voucherKind: z.string(), parts: z.array(z.string()) })
    .optional(),
  /** Where to POST the settlement. */
  settlementPath: z.string(),
});

/** GET /decisions?state=needs-settlement: a page of the queue, newest first; `nextCursor` when more follow. */
export const SettlementQueueResponse = z.looseObject({
  at: Timestamp,
  atJst: z.string(),
  state: z.literal('needs-settlement'),
  items: z.array(SettlementQueueItem),
  nextCursor: z.string().optional(),
});
