import { z } from 'zod';
import { defineEvent } from '../envelope';
import { PresentedVoucherSummary } from '../voucher';

/**
 * v2: the voucher as presented — its identity (保険者番号 + 整理番号), kind, validity and the parts
 * of this visit — instead of the number alone. No 記号・番号: those travel only to matching, in
 * eligibility.requested. Key: session id.
 */
export const SessionVoucherPresentedV2 = defineEvent({
  type: 'session.voucher-presented',
  version: 2,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      voucher: PresentedVoucherSummary,
    }),
});
