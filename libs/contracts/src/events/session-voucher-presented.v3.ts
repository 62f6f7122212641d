import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier } from '../common';
import { PresentedVoucherSummary } from '../voucher';

/** v3: v2 with the stop (会場/事業所). No 記号・番号. Key: session id. */
export const SessionVoucherPresentedV3 = defineEvent({
  type: 'session.voucher-presented',
  version: 3,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      voucher: PresentedVoucherSummary,
      stopId: Identifier,
    }),
});
