import { z } from 'zod';
import { defineEvent } from '../envelope';
import { CheckPurpose, Identifier, InstitutionNumber } from '../common';
import { PresentedVoucher } from '../voucher';
import { ReportedEligibility } from '../reported-eligibility';
import { IdentityCheckV2 } from '../session-steps';
import { TerminalQuery } from '../terminal-query';

/**
 * v3: the source of the answer is explicit. Either the device reports what its national app showed
 * (`reported`, 資格確認限定型 — the default) or it gives an opaque `cardReference` (the simulator and
 * the 既存型 bridge); exactly one. The voucher is optional for a 人間ドック confirmed against the
 * insurer only. Carries how the holder was confirmed and the stop (会場/事業所). Key: session id.
 */
export const EligibilityRequestedV3 = defineEvent({
  type: 'eligibility.requested',
  version: 3,
  data: () =>
    z
      .object({
        sessionId: z.uuid(),
        deviceId: Identifier,
        institutionNumber: InstitutionNumber,
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
        /** 既存型: the query fields a 資格確認端末 needs with a `cardReference` (as on v2); read only for an institution answered through its terminal. */
        terminalQuery: TerminalQuery.optional(),
      })
      .refine((r) => (r.cardReference === undefined) !== (r.reported === undefined), {
        message: 'give exactly one of reported (device-reported) or cardReference',
        path: ['reported'],
      })
      .refine((r) => r.voucher !== undefined || r.purpose === 'comprehensive-checkup', {
        message: 'only a 人間ドック (comprehensive-checkup) is confirmed without a voucher',
        path: ['voucher'],
      }),
});
