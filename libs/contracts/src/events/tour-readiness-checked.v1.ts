import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier, IsoDate } from '../common';
import { ReadinessCheck } from '../tour-readiness';

/**
 * A device of a checkup bus ran its pre-tour readiness check for a tour day: each check green or red
 * with its reason. `tourReady`: whether every device of the bus is green after this check. A red check
 * after the tour was marked ready withdraws the mark (`markWithdrawn`). Key: `<busId>|<tourDate>`.
 */
export const TourReadinessCheckedV1 = defineEvent({
  type: 'tour.readiness-checked',
  version: 1,
  data: () =>
    z.object({
      busId: Identifier,
      tourDate: IsoDate,
      deviceId: Identifier,
      checkedAt: z.iso.datetime({ offset: true }),
      checks: z.array(ReadinessCheck).min(1),
      tourReady: z.boolean(),
      markWithdrawn: z.boolean().optional(),
    }),
});
