import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier, InstitutionNumber, InsurerNumber } from '../common';
import { ComparedSource, DeskCollection, EligibilitySource, FirstUse, Settlement, VoucherCoverage, VoucherKey } from '../voucher';
import { EligibilityMethodV2 } from './eligibility-method';
import { VerificationOutcomeKindV2 } from './verification-outcome.v2';

/**
 * v3 outcomes, beyond v2's:
 * - matched-after-settlement: staff settled a needs-manual-check or member-mismatch (by phone with the
 *   insurer, or "same person");
 * - voucher-kind-mismatch: a 利用券 for a checkup or a 受診券 for guidance;
 * - guidance-level-not-covered: the 利用券's level is outside the institution's contract;
 * - coordinator-mismatch: the voucher was issued for another contract (集合A / 集合B / 個別, or another
 *   契約取りまとめ機関);
 * - voucher-differs-from-record: the presented voucher differs from the insurer's imported record;
 * - changed-insurer: 資格有効性 3, a newer qualification exists: the new insurer's voucher is needed;
 * - insurer-confirmed: 人間ドック without a voucher — the insurer is confirmed, which is not an identity check.
 */
export const VerificationOutcomeKindV3 = z.enum([
  ...VerificationOutcomeKindV2.options,
  'matched-after-settlement',
  'voucher-kind-mismatch',
  'guidance-level-not-covered',
  'coordinator-mismatch',
  'voucher-differs-from-record',
  'changed-insurer',
  'insurer-confirmed',
]);
export type VerificationOutcomeKindV3 = z.infer<typeof VerificationOutcomeKindV3>;

/** A field of the presented voucher that differs from the imported record (named, never its value). */
export const VoucherDifference = z.enum([
  'voucherKind',
  'validUntil',
  'guidanceLevel',
  'copayments',
  'insurerUpperLimit',
  'coordinator',
  'symbol',
  'number',
]);
export type VoucherDifference = z.infer<typeof VoucherDifference>;

/**
 * voucher-matching's decision for one session: the outcome with a sentence in Japanese and English,
 * where the eligibility came from (an online check or a transcribed document: `verifiedOnline`), what
 * was compared, and for a match what the desk collects and what the voucher covers. Key: session id.
 */
export const VerificationOutcomeV3 = defineEvent({
  type: 'verification.outcome',
  version: 3,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      institutionNumber: InstitutionNumber,
      siteId: Identifier,
      /** Absent only for a 人間ドック confirmed without a voucher. */
      voucher: VoucherKey.optional(),
      outcome: VerificationOutcomeKindV3,
      reason: z.string().min(1).max(400),
      reasonJa: z.string().min(1).max(400),
      source: EligibilitySource,
      /** How eligibility was shown; the paper 被保険者証 (`health-insurance-card`) is an alternative like the others. */
      method: EligibilityMethodV2,
      /** False when the eligibility was transcribed from a document: no insurer answered online. */
      verifiedOnline: z.boolean(),
      comparedSources: z.array(ComparedSource),
      differences: z.array(VoucherDifference).optional(),
      mismatchedField: z.enum(['symbol', 'number', 'branch', 'name', 'birthDate']).optional(),
      insurerNumber: InsurerNumber.optional(),
      contractId: Identifier.optional(),
      collect: DeskCollection.optional(),
      covers: VoucherCoverage.optional(),
      firstUse: FirstUse.optional(),
      settlement: Settlement.optional(),
      decidedAt: z.iso.datetime({ offset: true }),
    }),
});
