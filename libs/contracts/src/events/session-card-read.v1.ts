import { z } from 'zod';
import { defineEvent } from '../envelope';
import { IdentityCheck } from '../common';

/**
 * The My Number card was read and the holder confirmed by PIN or visual check.
 * Carries no card data: the card reference goes only to qualification-lookup, in the request. Key: session id.
 */
export const SessionCardReadV1 = defineEvent({
  type: 'session.card-read',
  version: 1,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      identityCheck: IdentityCheck,
      readAt: z.iso.datetime({ offset: true }),
    }),
});
