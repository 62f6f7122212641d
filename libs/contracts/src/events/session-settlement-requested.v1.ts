import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier } from '../common';
import { StaffReference } from '../session-steps';

/**
 * The device asked the federation's desk to settle its session (精算依頼): a member-mismatch or
 * needs-manual-check the staff could not resolve at the desk. The session is already on voucher-
 * matching's manual-settlement queue by its outcome; this says the desk is waiting for it, from where
 * and since when. Once per session. Key: session id. No personal data.
 */
export const SessionSettlementRequestedV1 = defineEvent({
  type: 'session.settlement-requested',
  version: 1,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      deviceId: Identifier,
      siteId: Identifier,
      stopId: Identifier,
      /** The outcome the device asks to have settled. */
      outcome: z.enum(['member-mismatch', 'needs-manual-check']),
      /** The staff member who asked, when the device named one. */
      requestedBy: StaffReference.optional(),
      requestedAt: z.iso.datetime({ offset: true }),
    }),
});
