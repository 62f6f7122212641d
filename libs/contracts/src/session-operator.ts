import { z } from 'zod';
import { Identifier, InstitutionNumber } from './common';

/**
 * オンライン資格確認用コード as events carry it: the code 支払基金 assigned to an insurer running checkups
 * itself, folded and checked loosely by the registry (its format is not public).
 */
export const OnlineEligibilityCodeWire = z.string().regex(/^[A-Za-z0-9]{1,20}$/);

/**
 * Who runs the visit: a checkup institution (`institutionNumber`, its 健診・保健指導機関番号) or an
 * insurer running checkups itself (`onlineEligibilityCode`) — exactly one of the two; an insurer's
 * code is never put in `institutionNumber`.
 */
export const SessionOperatorFields = {
  institutionNumber: InstitutionNumber.optional(),
  onlineEligibilityCode: OnlineEligibilityCodeWire.optional(),
};
export const exactlyOneSessionOperator: [
  (v: { institutionNumber?: string; onlineEligibilityCode?: string }) => boolean,
  { message: string; path: string[] },
] = [
  (v) => (v.institutionNumber === undefined) !== (v.onlineEligibilityCode === undefined),
  { message: 'name exactly one operator: institutionNumber or onlineEligibilityCode', path: ['institutionNumber'] },
];

/** An earlier use of a voucher, by a checkup institution or by an insurer running checkups itself (exactly one). */
export const FirstUseV2 = z
  .strictObject({
    siteId: Identifier,
    siteName: z.string().min(1).max(100).optional(),
    ...SessionOperatorFields,
    at: z.iso.datetime({ offset: true }),
  })
  .refine(...exactlyOneSessionOperator);
export type FirstUseV2 = z.infer<typeof FirstUseV2>;
