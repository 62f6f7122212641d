import { z } from 'zod';
import { defineEvent } from '../envelope';
import { CheckPurpose, Identifier, InstitutionNumber, VoucherNumber } from '../common';

/**
 * card-session asks qualification-lookup to resolve the visitor's eligibility with the national system.
 * `cardReference` is the opaque reference the card reader obtained from the card's certificate; it is
 * not an insurance number and is never shown. Key: session id.
 */
export const EligibilityRequestedV1 = defineEvent({
  type: 'eligibility.requested',
  version: 1,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      deviceId: Identifier,
      institutionNumber: InstitutionNumber,
      siteId: Identifier,
      purpose: CheckPurpose,
      checkupDate: z.iso.date(),
      cardReference: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
      voucherNumber: VoucherNumber,
    }),
});
