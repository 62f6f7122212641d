import { z } from 'zod';
import { defineEvent } from '../envelope';
import { VerificationOutcomeKindV2 } from './verification-outcome.v2';

/** v2: the outcome may be `not-contracted`. Key: session id. */
export const SessionCompletedV2 = defineEvent({
  type: 'session.completed',
  version: 2,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      outcome: VerificationOutcomeKindV2,
      completedAt: z.iso.datetime({ offset: true }),
      elapsedMillis: z.number().nonnegative(),
    }),
});
