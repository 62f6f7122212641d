import { z } from 'zod';
import { defineEvent } from '../envelope';
import { AlternativeMethodV2, TranscribedEligibility } from './eligibility-method';
import { LookupRequestEchoV3 } from './lookup-request-echo.v3';

/**
 * v3: the methods include the paper 被保険者証 (`health-insurance-card`); the request may come
 * without a voucher (人間ドック, insurer only) and names the stop; `capturedAt` is when a bus crew
 * recorded it offline (absent when recorded live). No online check happened, and every outcome built
 * on it says so. Key: session id.
 */
export const QualificationTranscribedV3 = defineEvent({
  type: 'qualification.transcribed',
  version: 3,
  data: () =>
    z.object({
      request: LookupRequestEchoV3,
      method: AlternativeMethodV2,
      eligibility: TranscribedEligibility,
      transcribedAt: z.iso.datetime({ offset: true }),
      capturedAt: z.iso.datetime({ offset: true }).optional(),
    }),
});
