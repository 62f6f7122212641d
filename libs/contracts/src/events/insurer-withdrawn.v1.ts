import { z } from 'zod';
import { defineEvent } from '../envelope';
import { InsurerNumber, IsoDate } from '../common';

/**
 * A withdrawal notice (廃止届, 別添2) ends an insurer's オンライン資格確認用コード from `effectiveDate`
 * (a date in Japan time; `effectiveFrom` is its first instant). Published when filed; the insurer's
 * devices are suspended (device.suspended) once the date is reached. Key: the code.
 */
export const InsurerWithdrawnV1 = defineEvent({
  type: 'insurer.withdrawn',
  version: 1,
  partitions: 3,
  data: () =>
    z.object({
      onlineEligibilityCode: z.string().regex(/^[A-Za-z0-9]{1,20}$/),
      insurerNumber: InsurerNumber,
      effectiveDate: IsoDate,
      effectiveFrom: z.iso.datetime({ offset: true }),
      filedAt: z.iso.datetime({ offset: true }),
      filedBy: z.string().min(1).max(64),
      reason: z.string().min(1).max(300),
    }),
});
