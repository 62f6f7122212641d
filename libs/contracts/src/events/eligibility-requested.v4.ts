import { z } from 'zod';
import { defineEvent } from '../envelope';
import { CheckPurpose, Identifier } from '../common';
import { PresentedVoucher } from '../voucher';
import { ReportedEligibility } from '../reported-eligibility';
import { exactlyOneSessionOperator, SessionOperatorFields } from '../session-operator';
import { IdentityCheckV2 } from '../session-steps';
import { TerminalQuery } from '../terminal-query';

/**
 * v4: as v3, but the operator is a checkup institution (`institutionNumber`) or an insurer running
 * checkups itself (`onlineEligibilityCode`) — exactly one. Published for sessions on an insurer's
 * device; an institution's sessions keep v3. Key: session id.
 */
export const EligibilityRequestedV4 = defineEvent({
  type: 'eligibility.requested',
  version: 4,
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
        identityCheck: IdentityCheckV2,
        cardReference: z
          .string()
          .regex(/^[A-Za-z0-9-]{8,64}$/)
          .optional(),
        reported: ReportedEligibility.optional(),
        voucher: PresentedVoucher.optional(),
        terminalQuery: TerminalQuery.optional(),
      })
      .refine(...exactlyOneSessionOperator)
      .refine((r) => (r.cardReference === undefined) !== (r.reported === undefined), {
        message: 'give exactly one of reported (device-reported) or cardReference',
        path: ['reported'],
      })
      .refine((r) => r.voucher !== undefined || r.purpose === 'comprehensive-checkup', {
        message: 'only a 人間ドック (comprehensive-checkup) is confirmed without a voucher',
        path: ['voucher'],
      }),
});
