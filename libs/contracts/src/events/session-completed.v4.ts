import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier } from '../common';
import { EligibilitySource } from '../voucher';
import { VerificationOutcomeKindV3 } from './verification-outcome.v3';

/** v4: v3 with the stop (会場/事業所). Key: session id. */
export const SessionCompletedV4 = defineEvent({
  type: 'session.completed',
  version: 4,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      outcome: VerificationOutcomeKindV3,
      source: EligibilitySource.optional(),
      stopId: Identifier,
      completedAt: z.iso.datetime({ offset: true }),
      elapsedMillis: z.number().nonnegative(),
    }),
});
