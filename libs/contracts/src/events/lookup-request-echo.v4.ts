import { z } from 'zod';
import { CheckPurpose, Identifier } from '../common';
import { exactlyOneSessionOperator, SessionOperatorFields } from '../session-operator';
import { PresentedVoucher } from '../voucher';

/** The request an answer belongs to (v4): as v3, with the operator a checkup institution or an insurer (exactly one). */
export const LookupRequestEchoV4 = z
  .object({
    sessionId: z.uuid(),
    ...SessionOperatorFields,
    siteId: Identifier,
    stopId: Identifier,
    purpose: CheckPurpose,
    checkupDate: z.iso.date(),
    voucher: PresentedVoucher.optional(),
  })
  .refine(...exactlyOneSessionOperator)
  .refine((r) => r.voucher !== undefined || r.purpose === 'comprehensive-checkup', {
    message: 'only a 人間ドック (comprehensive-checkup) is confirmed without a voucher',
    path: ['voucher'],
  });
export type LookupRequestEchoV4 = z.infer<typeof LookupRequestEchoV4>;
