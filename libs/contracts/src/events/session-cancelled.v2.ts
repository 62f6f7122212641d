import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier } from '../common';

/** v2: v1 with the stop (会場/事業所). The operator cancelled the session. Key: session id. */
export const SessionCancelledV2 = defineEvent({
  type: 'session.cancelled',
  version: 2,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      by: z.string().min(1).max(64),
      reason: z.string().min(1).max(300),
      stopId: Identifier,
      at: z.iso.datetime({ offset: true }),
    }),
});
