import { z } from 'zod';
import { defineEvent } from '../envelope';
import { AlternativeMethodV2, TranscribedEligibility } from './eligibility-method';
import { LookupRequestEchoV4 } from './lookup-request-echo.v4';

/**
 * v4: as v3, the echo naming the operator (an institution or an insurer running checkups itself).
 * Published for sessions on an insurer's device. Key: session id.
 */
export const QualificationTranscribedV4 = defineEvent({
  type: 'qualification.transcribed',
  version: 4,
  data: () =>
    z.object({
      request: LookupRequestEchoV4,
      method: AlternativeMethodV2,
      eligibility: TranscribedEligibility,
      transcribedAt: z.iso.datetime({ offset: true }),
      capturedAt: z.iso.datetime({ offset: true }).optional(),
    }),
});
