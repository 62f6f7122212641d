import { z } from 'zod';
import { defineEvent } from '../envelope';
import { CheckPurpose, Identifier } from '../common';
import { exactlyOneSessionOperator, SessionOperatorFields } from '../session-operator';

/**
 * v3: the session's operator is a checkup institution (`institutionNumber`) or an insurer running
 * checkups itself (`onlineEligibilityCode`, on its own devices) — exactly one. Published for sessions on
 * an insurer's device; an institution's sessions keep v2. Key: session id.
 */
export const SessionOpenedV3 = defineEvent({
  type: 'session.opened',
  version: 3,
  data: () =>
    z
      .object({
        sessionId: z.uuid(),
        deviceId: Identifier,
        ...SessionOperatorFields,
        siteId: Identifier,
        stopId: Identifier,
        purpose: CheckPurpose,
        checkupDate: z.iso.date(),
        openedAt: z.iso.datetime({ offset: true }),
        capturedAt: z.iso.datetime({ offset: true }).optional(),
        linkedSessionId: z.uuid().optional(),
        withoutVoucher: z.boolean().optional(),
      })
      .refine(...exactlyOneSessionOperator),
});
