import { z } from 'zod';
import { defineEvent } from '../envelope';
import { CheckPurpose, Identifier, InstitutionNumber, IsoDate, VoucherNumber } from '../common';
import { AlternativeMethod, TranscribedEligibility } from './eligibility-method';

/**
 * Eligibility shown by an alternative method: no online lookup, but voucher matching still decides.
 * Consumed by voucher-matching beside qualification.resolved. Key: session id.
 */
export const QualificationTranscribedV1 = defineEvent({
  type: 'qualification.transcribed',
  version: 1,
  data: () =>
    z.object({
      request: z.object({
        sessionId: z.uuid(),
        institutionNumber: InstitutionNumber,
        siteId: Identifier,
        purpose: CheckPurpose,
        checkupDate: IsoDate,
        voucherNumber: VoucherNumber,
      }),
      method: AlternativeMethod,
      eligibility: TranscribedEligibility,
      transcribedAt: z.iso.datetime({ offset: true }),
    }),
});
