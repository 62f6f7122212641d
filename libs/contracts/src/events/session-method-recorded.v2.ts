import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier } from '../common';
import { EligibilityMethodV2 } from './eligibility-method';

/**
 * v2: the methods include the paper 被保険者証; `capturedAt` is when it was recorded (offline on a bus:
 * before it was sent); the stop. Key: session id.
 */
export const SessionMethodRecordedV2 = defineEvent({
  type: 'session.method-recorded',
  version: 2,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      method: EligibilityMethodV2,
      capturedAt: z.iso.datetime({ offset: true }),
      stopId: Identifier,
    }),
});
