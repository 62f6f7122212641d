import { z } from 'zod';
import { InstitutionNumber, InsurerNumber, IsoDate } from '@hcv/contracts';
import { isValidInsurerNumber } from '@hcv/domain';
import { foldInsurerNumber } from './insurer-number';

/**
 * One eligibility question for the terminal: who (insurer number, 記号・番号・枝番, birth date) and on
 * which day (資格確認日). 記号・番号 are sent as given (trimmed): whether the terminal folds width is
 * not public, and the card is the authority on how they are written.
 * Personal data: never logged.
 */
export const OqsEligibilityQuery = z.object({
  insurerNumber: z
    .string()
    .transform(foldInsurerNumber)
    .pipe(InsurerNumber)
    .refine(isValidInsurerNumber, 'the insurer number fails its check digit'),
  symbol: z.string().trim().max(38).default(''),
  number: z.string().trim().min(1).max(19),
  /** 枝番; when the card shows none the element is left out (whether every terminal accepts that is not public). */
  branch: z
    .string()
    .regex(/^\d{2}$/, 'a branch number has 2 digits')
    .optional(),
  birthDate: IsoDate,
  /** 資格確認日: the day the qualification must hold (the checkup date). */
  onDate: IsoDate,
});
export type OqsEligibilityQuery = z.infer<typeof OqsEligibilityQuery>;
export type OqsEligibilityQueryInput = z.input<typeof OqsEligibilityQuery>;

/**
 * The institution the terminal is registered for, as configured on the bridge: 10 digits and a
 * prefecture. Its check digit is left to the terminal, which answers a number it is not
 * registered for with an error (`SegmentOfResult` ≠ 1) the bridge reports.
 */
export const OqsInstitutionNumber = InstitutionNumber.refine((v) => {
  const prefecture = Number(v.slice(0, 2));
  return prefecture >= 1 && prefecture <= 47;
}, 'an institution number starts with a prefecture code 01–47');
