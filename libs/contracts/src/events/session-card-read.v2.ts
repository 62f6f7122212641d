import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier } from '../common';
import { IdentityCheckV2, StaffReference } from '../session-steps';

/**
 * v2: how the holder was confirmed (PIN, 目視確認 or 顔認証) and, for a 目視確認, the staff member who did
 * it; whether it followed a PIN lock; whether the device reported what the national app showed
 * (限定型) or gave a card reference; and the stop. Carries no card or qualification data: those go
 * only to qualification-lookup, in the request. Key: session id.
 */
export const SessionCardReadV2 = defineEvent({
  type: 'session.card-read',
  version: 2,
  data: () =>
    z
      .object({
        sessionId: z.uuid(),
        identityCheck: IdentityCheckV2,
        checkedBy: StaffReference.optional(),
        afterPinLock: z.boolean(),
        eligibilitySource: z.enum(['device-reported', 'card-reference']),
        stopId: Identifier,
        readAt: z.iso.datetime({ offset: true }),
      })
      .refine((r) => r.identityCheck !== 'visual' || r.checkedBy !== undefined, {
        message: 'a 目視確認 names the staff member who did it',
        path: ['checkedBy'],
      }),
});
