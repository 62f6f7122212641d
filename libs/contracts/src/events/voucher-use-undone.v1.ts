import { z } from 'zod';
import { defineEvent } from '../envelope';
import { VoucherNumber } from '../common';

/** An operator undid a voucher's use (with a reason); the voucher can be used again. Key: voucher number. */
export const VoucherUseUndoneV1 = defineEvent({
  type: 'voucher.use-undone',
  version: 1,
  partitions: 3,
  data: () =>
    z.object({
      voucherNumber: VoucherNumber,
      sessionId: z.uuid(),
      by: z.string().min(1).max(64),
      reason: z.string().min(1).max(300),
      at: z.iso.datetime({ offset: true }),
    }),
});
