import { z } from 'zod';
import { Timestamp } from './timestamps';
import { RejectedRow } from './voucher.response';

/** A CSV voucher import: its progress while it runs, its report (the first 1,000 rejected rows) once done. */
export const ImportJobResponse = z.strictObject({
  importId: z.string().min(1),
  state: z.enum(['running', 'completed', 'failed']),
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
