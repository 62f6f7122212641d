import { z } from 'zod';
import { CheckPurpose, Identifier, InstitutionNumber } from '../common';
import { PresentedVoucher } from '../voucher';

/**
 * The request an answer belongs to, echoed so voucher-matching needs no join. v3: the voucher is
 * absent for a 人間ドック confirmed against the insurer only (no 受診券), and the stop (会場/事業所)
 * of the visit is named.
 */
export const LookupRequestEchoV3 = z
  .object({
    sessionId: z.uuid(),
    institutionNumber: InstitutionNumber,
    siteId: Identifier,
    stopId: Identifier,
    purpose: CheckPurpose,
    checkupDate: z.iso.date(),
    voucher: PresentedVoucher.optional(),
  })
  .refine((r) => r.voucher !== undefined || r.purpose === 'comprehensive-checkup', {
    message: 'only a 人間ドック (comprehensive-checkup) is confirmed without a voucher',
    path: ['voucher'],
  });
export type LookupRequestEchoV3 = z.infer<typeof LookupRequestEchoV3>;
