import { z } from 'zod';
import { defineEvent } from '../envelope';
import { InstitutionNumber, InsurerNumber } from '../common';

/**
 * A checkup/guidance institution (健診・保健指導機関番号) or an insurer that runs checkups itself
 * (identified by the オンライン資格確認用コード issued on its introduction notice, 導入届). Key: the number/code.
 */
export const InstitutionRegisteredV1 = defineEvent({
  type: 'institution.registered',
  version: 1,
  partitions: 3,
  data: () =>
    z.object({
      institutionNumber: InstitutionNumber,
      kind: z.enum(['checkup-institution', 'insurer']),
      name: z.string().min(1).max(100),
      insurerNumber: InsurerNumber.optional(),
      registeredAt: z.iso.datetime({ offset: true }),
      registeredBy: z.string().min(1).max(64),
    }),
});
