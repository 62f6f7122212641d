import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier, IsoDate } from '../common';

/**
 * A checkup bus's tour day was marked ready: every device of the bus had every check green. `by`: the
 * device or staff member who marked it. Key: `<busId>|<tourDate>`.
 */
export const TourMarkedReadyV1 = defineEvent({
  type: 'tour.marked-ready',
  version: 1,
  data: () =>
    z.object({
      busId: Identifier,
      tourDate: IsoDate,
      markedReadyAt: z.iso.datetime({ offset: true }),
      markedReadyBy: z.string().min(1).max(128),
      deviceIds: z.array(Identifier).min(1),
    }),
});
