import { z } from 'zod';
import { defineEvent } from '../envelope';
import { EligibilityMethod } from './eligibility-method';

/** How eligibility was shown for the session (the card online, or an alternative document). Key: session id. */
export const SessionMethodRecordedV1 = defineEvent({
  type: 'session.method-recorded',
  version: 1,
  data: () => z.object({ sessionId: z.uuid(), method: EligibilityMethod, capturedAt: z.iso.datetime({ offset: true }) }),
});
