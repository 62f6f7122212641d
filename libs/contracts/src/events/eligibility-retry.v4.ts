import { z } from 'zod';
import { defineEvent } from '../envelope';
import { EligibilityRequestedV4 } from './eligibility-requested.v4';

/** v4: parks an eligibility.requested v4 (a session whose operator may be an insurer). Key: session id. */
export const EligibilityRetryV4 = defineEvent({
  type: 'eligibility.retry',
  version: 4,
  data: () =>
    z.object({
      request: EligibilityRequestedV4.data,
      attempt: z.number().int().min(1),
      notBefore: z.iso.datetime({ offset: true }),
      deadline: z.iso.datetime({ offset: true }),
      lastError: z.string().max(200),
    }),
});
