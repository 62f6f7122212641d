import { z } from 'zod';
import { defineEvent } from '../envelope';
import { InstitutionNumber } from '../common';

/** A withdrawal notice (廃止届) ended an insurer's online eligibility code; its devices are suspended. Key: the code. */
export const InstitutionWithdrawnV1 = defineEvent({
  type: 'institution.withdrawn',
  version: 1,
  partitions: 3,
  data: () =>
    z.object({
      institutionNumber: InstitutionNumber,
      withdrawnAt: z.iso.datetime({ offset: true }),
      withdrawnBy: z.string().min(1).max(64),
      reason: z.string().min(1).max(300),
    }),
});
