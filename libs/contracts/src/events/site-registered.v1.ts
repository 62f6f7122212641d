import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier, InstitutionNumber } from '../common';

/** A fixed facility or a checkup bus (巡回健診) with its plate. Key: site id. */
export const SiteRegisteredV1 = defineEvent({
  type: 'site.registered',
  version: 1,
  partitions: 3,
  data: () =>
    z.object({
      siteId: Identifier,
      institutionNumber: InstitutionNumber,
      kind: z.enum(['facility', 'bus']),
      name: z.string().min(1).max(100),
      plate: z.string().max(40).optional(),
      registeredAt: z.iso.datetime({ offset: true }),
    }),
});
