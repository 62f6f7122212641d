import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier, InstitutionNumber, InsurerNumber } from '../common';

/**
 * A checkup/guidance institution (健診・保健指導機関番号) or an insurer that runs checkups itself
 * (identified by the オンライン資格確認用コード issued on its introduction notice, 導入届). Key: the number/code.
 */
export const InstitutionRegisteredV1 = defineEvent({
  type: 'institution.registered',
  version: 1,
  partitions: 3,
  data: z.object({
    institutionNumber: InstitutionNumber,
    kind: z.enum(['checkup-institution', 'insurer']),
    name: z.string().min(1).max(100),
    insurerNumber: InsurerNumber.optional(),
    registeredAt: z.iso.datetime({ offset: true }),
    registeredBy: z.string().min(1).max(64),
  }),
});

/** A withdrawal notice (廃止届) ended an insurer's online eligibility code; its devices are suspended. */
export const InstitutionWithdrawnV1 = defineEvent({
  type: 'institution.withdrawn',
  version: 1,
  partitions: 3,
  data: z.object({
    institutionNumber: InstitutionNumber,
    withdrawnAt: z.iso.datetime({ offset: true }),
    withdrawnBy: z.string().min(1).max(64),
    reason: z.string().min(1).max(300),
  }),
});

/** A fixed facility or a checkup bus (巡回健診) with its plate. Key: site id. */
export const SiteRegisteredV1 = defineEvent({
  type: 'site.registered',
  version: 1,
  partitions: 3,
  data: z.object({
    siteId: Identifier,
    institutionNumber: InstitutionNumber,
    kind: z.enum(['facility', 'bus']),
    name: z.string().min(1).max(100),
    plate: z.string().max(40).optional(),
    registeredAt: z.iso.datetime({ offset: true }),
  }),
});
