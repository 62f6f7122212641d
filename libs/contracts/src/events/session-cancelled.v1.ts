import { z } from 'zod';
import { defineEvent } from '../envelope';

/** The operator cancelled the session. Key: session id. */
export const SessionCancelledV1 = defineEvent({
  type: 'session.cancelled',
  version: 1,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      by: z.string().min(1).max(64),
      reason: z.string().min(1).max(300),
      at: z.iso.datetime({ offset: true }),
    }),
});
