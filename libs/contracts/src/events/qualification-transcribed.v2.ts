import { z } from 'zod';
import { defineEvent } from '../envelope';
import { AlternativeMethod, TranscribedEligibility } from './eligibility-method';
import { LookupRequestEchoV2 } from './qualification-resolved.v2';

/**
 * v2: the request carries the voucher as presented. Eligibility shown by an alternative method: no
 * online check happened, and every outcome built on it says so. Key: session id.
 */
export const QualificationTranscribedV2 = defineEvent({
  type: 'qualification.transcribed',
  version: 2,
  data: () =>
    z.object({
      request: LookupRequestEchoV2,
      method: AlternativeMethod,
      eligibility: TranscribedEligibility,
      transcribedAt: z.iso.datetime({ offset: true }),
    }),
});
