import { z } from 'zod';
import { defineEvent } from '../envelope';
import { VoucherNumber } from '../common';

/** The visitor showed a checkup voucher (受診券) or guidance voucher (利用券). Key: session id. */
export const SessionVoucherPresentedV1 = defineEvent({
  type: 'session.voucher-presented',
  version: 1,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      voucherNumber: VoucherNumber,
    }),
});
