import { z } from 'zod';
import { defineEvent } from '../envelope';
import { LookupRequestEchoV3 } from './lookup-request-echo.v3';
import { EligibilityAnswerSource, LookupResultV2 } from './qualification-resolved.v2';

/**
 * v3: answers an eligibility.requested v3. The echo names the stop (会場/事業所) and may come without
 * a voucher (人間ドック confirmed against the insurer only). Key: session id.
 */
export const QualificationResolvedV3 = defineEvent({
  type: 'qualification.resolved',
  version: 3,
  data: () =>
    z.object({
      request: LookupRequestEchoV3,
      result: LookupResultV2,
      answeredBy: EligibilityAnswerSource.optional(),
      resolvedAt: z.iso.datetime({ offset: true }),
      /** Round trip to the source (0 for what the device reported), apart from the pipeline's own latency. */
      upstreamMillis: z.number().nonnegative(),
    }),
});
