import { z } from 'zod';
import { defineEvent } from '../envelope';
import { EligibilityRequestedV3 } from './eligibility-requested.v3';

/**
 * v3: parks an eligibility.requested v3, which v2 cannot hold (no card reference when the device
 * reported, no voucher for an insurer-only 人間ドック, the stop and the identity check). Retried until
 * `deadline`, then answered "unavailable". Key: session id.
 */
export const EligibilityRetryV3 = defineEvent({
  type: 'eligibility.retry',
  version: 3,
  data: () =>
    z.object({
      request: EligibilityRequestedV3.data,
      attempt: z.number().int().min(1),
      notBefore: z.iso.datetime({ offset: true }),
      deadline: z.iso.datetime({ offset: true }),
      lastError: z.string().max(200),
    }),
});
