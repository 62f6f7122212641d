import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier } from '../common';
import { StaffReference } from '../session-steps';

/**
 * 人間ドック: the visitor's identity was verified by presenting the My Number card itself (staff
 * compared its face photo), a step of its own — online eligibility only confirms the insurer and is
 * never an identity check. Key: session id.
 */
export const SessionIdentityVerifiedV1 = defineEvent({
  type: 'session.identity-verified',
  version: 1,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      method: z.literal('mynumber-card-presented'),
      checkedBy: StaffReference,
      stopId: Identifier,
      verifiedAt: z.iso.datetime({ offset: true }),
    }),
});
