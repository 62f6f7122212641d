import { z } from 'zod';
import { defineEvent } from '../envelope';
import { LookupRequestEchoV4 } from './lookup-request-echo.v4';
import { EligibilityAnswerSource, LookupResultV2 } from './qualification-resolved.v2';

/** v4: answers an eligibility.requested v4; the echo names the operator (an institution or an insurer). Key: session id. */
export const QualificationResolvedV4 = defineEvent({
  type: 'qualification.resolved',
  version: 4,
  data: () =>
    z.object({
      request: LookupRequestEchoV4,
      result: LookupResultV2,
      answeredBy: EligibilityAnswerSource.optional(),
      resolvedAt: z.iso.datetime({ offset: true }),
      upstreamMillis: z.number().nonnegative(),
    }),
});
