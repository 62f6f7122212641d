import { z } from 'zod';
import { defineEvent } from '../envelope';
import { InsurerNumber, VoucherNumber } from '../common';

/** v2: the voucher is named by its insurer and number. An operator undid a use (with a reason). Key: insurer number + voucher number. */
export const VoucherUseUndoneV2 = defineEvent({
  type: 'voucher.use-undone',
  version: 2,
  partitions: 3,
  data: () =>
    z.object({
      insurerNumber: InsurerNumber,
      voucherNumber: VoucherNumber,
      sessionId: z.uuid(),
      by: z.string().min(1).max(64),
      reason: z.string().min(1).max(300),
      at: z.iso.datetime({ offset: true }),
    }),
});
