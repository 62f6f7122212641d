import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier, InstitutionNumber } from '../common';

/**
 * A fixed facility or a checkup bus (巡回健診) with its plate, run by a checkup institution
 * (`institutionNumber`) or by an insurer running checkups itself (`onlineEligibilityCode`): exactly
 * one of the two. Version 1 carried an insurer's code as `institutionNumber`. Key: site id.
 */
export const SiteRegisteredV2 = defineEvent({
  type: 'site.registered',
  version: 2,
  partitions: 3,
  data: () =>
    z
      .object({
        siteId: Identifier,
        institutionNumber: InstitutionNumber.optional(),
        onlineEligibilityCode: z
          .string()
          .regex(/^[A-Za-z0-9]{1,20}$/)
          .optional(),
        kind: z.enum(['facility', 'bus']),
        name: z.string().min(1).max(100),
        plate: z.string().max(40).optional(),
        registeredAt: z.iso.datetime({ offset: true }),
      })
      .refine((d) => (d.institutionNumber === undefined) !== (d.onlineEligibilityCode === undefined), 'exactly one operator'),
});
