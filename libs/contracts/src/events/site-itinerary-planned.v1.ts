import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier, IsoDate } from '../common';

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

/**
 * A checkup bus's itinerary was planned or replaced as a whole: its stops with the JST date and
 * hours of each (the desk alerts on a bus only inside these hours). Stops are places, no personal
 * data. Key: site id.
 */
export const SiteItineraryPlannedV1 = defineEvent({
  type: 'site.itinerary-planned',
  version: 1,
  partitions: 3,
  data: z.object({
    siteId: Identifier,
    itinerary: z.array(z.object({ stopId: Identifier, name: z.string().min(1).max(100), date: IsoDate, from: Time, to: Time })).max(50),
  }),
});
