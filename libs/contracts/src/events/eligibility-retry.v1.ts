import { z } from 'zod';
import { defineEvent } from '../envelope';
import { EligibilityRequestedV1 } from './eligibility-requested.v1';

/**
 * A lookup the national system could not answer (down, timing out, circuit open, rate-limited):
 * parked on this retry topic until `notBefore`, retried until `deadline`, then answered
 * "unavailable" (→ needs manual check). Nothing is dropped; each session is answered once.
 * Key: session id.
 */
export const EligibilityRetryV1 = defineEvent({
  type: 'eligibility.retry',
  version: 1,
  data: () =>
    z.object({
      request: EligibilityRequestedV1.data,
      attempt: z.number().int().min(1),
      notBefore: z.iso.datetime({ offset: true }),
      deadline: z.iso.datetime({ offset: true }),
      lastError: z.string().max(200),
    }),
});
