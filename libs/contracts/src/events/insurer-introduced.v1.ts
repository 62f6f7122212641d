import { z } from 'zod';
import { defineEvent } from '../envelope';
import { InsurerNumber, IsoDate } from '../common';

/**
 * An insurer that runs checkups itself filed its introduction notice (導入届, 別添1): the registry
 * recorded the オンライン資格確認用コード that 支払基金 assigned to it (never an institution number), its
 * 実施施設 and 導入予定日. The contact person (担当者) stays in the registry. `filedFor` names the
 * 保険者団体 when it filed in bulk for its members. Key: the code.
 */
export const InsurerIntroducedV1 = defineEvent({
  type: 'insurer.introduced',
  version: 1,
  partitions: 3,
  data: () =>
    z.object({
      onlineEligibilityCode: z.string().regex(/^[A-Za-z0-9]{1,20}$/),
      insurerNumber: InsurerNumber,
      insurerName: z.string().min(1).max(100),
      facilities: z
        .array(z.object({ name: z.string().min(1).max(100), address: z.string().min(1).max(200).optional() }))
        .min(1)
        .max(50),
      plannedStartDate: IsoDate,
      filedAt: z.iso.datetime({ offset: true }),
      filedBy: z.string().min(1).max(64),
      filedFor: z.string().min(1).max(100).optional(),
    }),
});
