import { z } from 'zod';
import { defineEvent } from '../envelope';
import { VerificationOutcomeKind } from '../common';

/** The session reached its final outcome; the device can read it back. Key: session id. */
export const SessionCompletedV1 = defineEvent({
  type: 'session.completed',
  version: 1,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      outcome: VerificationOutcomeKind,
      completedAt: z.iso.datetime({ offset: true }),
      /** Time from opening to outcome. */
      elapsedMillis: z.number().nonnegative(),
    }),
});
