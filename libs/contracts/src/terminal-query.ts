import { z } from 'zod';
import { InsurerNumber, IsoDate } from './common';

/**
 * What a 既存型 資格確認端末 needs to answer a single eligibility query (個別照会, INTERFACES.md §1
 * `QualificationConfirmSearchInfo`): 保険者番号, 記号・番号・枝番 and 生年月日, as the desk typed them from
 * the insurance card or the eligibility certificate. Insurer number, 記号 and 番号 may be left out when
 * the presented voucher prints them (they are then taken from the voucher); the birth date is never
 * printed on a voucher and is always given. Personal data: never logged, never kept after the answer.
 */
export const TerminalQuery = z.strictObject({
  insurerNumber: InsurerNumber.optional(),
  symbol: z.string().max(38).optional(),
  number: z.string().min(1).max(19).optional(),
  branch: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  birthDate: IsoDate,
});
export type TerminalQuery = z.infer<typeof TerminalQuery>;
