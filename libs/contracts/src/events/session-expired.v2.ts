import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier } from '../common';

/** v2: v1 with the stop (会場/事業所). The session was abandoned. Key: session id. */
export const SessionExpiredV2 = defineEvent({
  type: 'session.expired',
  version: 2,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      lastState: z.string().max(40),
      idleSeconds: z.number().int().nonnegative(),
      stopId: Identifier,
      at: z.iso.datetime({ offset: true }),
    }),
});
