import { z } from 'zod';
import { defineEvent } from '../envelope';
import { EligibilitySource } from '../voucher';
import { VerificationOutcomeKindV3 } from './verification-outcome.v3';

/** v3: the v3 outcomes, and whether the eligibility was checked online or transcribed. Key: session id. */
export const SessionCompletedV3 = defineEvent({
  type: 'session.completed',
  version: 3,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      outcome: VerificationOutcomeKindV3,
      source: EligibilitySource.optional(),
      completedAt: z.iso.datetime({ offset: true }),
      elapsedMillis: z.number().nonnegative(),
    }),
});
