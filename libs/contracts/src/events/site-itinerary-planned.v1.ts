import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier, IsoDate } from '../common';

/**
 * A checkup bus's itinerary was set (at its registration, or replaced by an operator): every stop
 * with its date and its hours (HH:MM, Japan time). card-session keeps it to show a bus's device
 * today's stops. Key: site id.
 */
export const SiteItineraryPlannedV1 = defineEvent({
  type: 'site.itinerary-planned',
  version: 1,
  partitions: 3,
  data: () =>
    z.object({
      siteId: Identifier,
      itinerary: z
        .array(
          z.object({
            stopId: Identifier,
            name: z.string().min(1).max(100),
            date: IsoDate,
            from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
            to: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
          }),
        )
        .max(50),
      plannedAt: z.iso.datetime({ offset: true }),
    }),
});
