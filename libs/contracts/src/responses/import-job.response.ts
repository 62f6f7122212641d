import { z } from 'zod';
import { Timestamp } from './timestamps';
import { RejectedRow } from './voucher.response';

/**
 * The layouts a voucher file may have, told apart by its header row: `field-names` (the columns are
 * VoucherRecord's field names) or `japanese-roster` (the platform's roster layout with Japanese
 * headers and codes). Both are the platform's own; docs/voucher-files.md lists their columns.
 */
export const VoucherFileLayout = z.enum(['field-names', 'japanese-roster']);
export type VoucherFileLayout = z.infer<typeof VoucherFileLayout>;

/**
 * A voucher file import: its progress while it runs, its report (the first 1,000 rejected rows)
 * once done. Every row read is counted once: processed = imported + reissued + unchanged + rejectedCount,
 * and a completed job has processed = total.
 */
export const ImportJobResponse = z.strictObject({
  importId: z.string().min(1),
  state: z.enum(['running', 'completed', 'failed']),
  layout: VoucherFileLayout,
  /** Rows in the file (the header and blank lines are not rows). */
  total: z.number().int().min(0),
  processed: z.number().int().min(0),
  imported: z.number().int().min(0),
  /** Records that replaced a stored one with different values (再発行). */
  reissued: z.number().int().min(0),
  unchanged: z.number().int().min(0),
  rejectedCount: z.number().int().min(0),
  rejected: z.array(RejectedRow),
  startedAt: Timestamp,
  finishedAt: Timestamp.optional(),
  /** Why a failed import stopped. */
  error: z.string().optional(),
});
export type ImportJobResponse = z.infer<typeof ImportJobResponse>;
