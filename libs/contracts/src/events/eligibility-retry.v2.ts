import { z } from 'zod';
import { defineEvent } from '../envelope';
import { EligibilityRequestedV2 } from './eligibility-requested.v2';

/**
 * v2: parks an eligibility.requested v2 (with the voucher as presented, which the answer echoes).
 * A lookup the national system could not answer (down, timing out, circuit open, rate-limited):
 * parked on this retry topic until `notBefore`, retried until `deadline`, then answered
 * "unavailable" (→ needs manual check). Requests of v1 are parked on v1. Key: session id.
 */
export const EligibilityRetryV2 = defineEvent({
  type: 'eligibility.retry',
  version: 2,
  data: () =>
    z.object({
      request: EligibilityRequestedV2.data,
      attempt: z.number().int().min(1),
      notBefore: z.iso.datetime({ offset: true }),
      deadline: z.iso.datetime({ offset: true }),
      lastError: z.string().max(200),
    }),
});
