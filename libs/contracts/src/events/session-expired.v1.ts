import { z } from 'zod';
import { defineEvent } from '../envelope';

/** The session was abandoned: nothing happened for longer than the timeout. Key: session id. */
export const SessionExpiredV1 = defineEvent({
  type: 'session.expired',
  version: 1,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      lastState: z.string().max(40),
      idleSeconds: z.number().int().nonnegative(),
      at: z.iso.datetime({ offset: true }),
    }),
});
