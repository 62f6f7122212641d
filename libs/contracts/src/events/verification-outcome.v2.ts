import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier, InstitutionNumber, InsurerNumber, VerificationOutcomeKind, VoucherNumber } from '../common';

/**
 * v2 adds the outcome `not-contracted` (返戻理由 04: the institution is outside every collective or
 * individual contract for the voucher's insurer and the purpose) and the contract that matched.
 * v1 stays readable for events already on the topic.
 */
export const VerificationOutcomeKindV2 = z.enum([...VerificationOutcomeKind.options, 'not-contracted']);
export type VerificationOutcomeKindV2 = z.infer<typeof VerificationOutcomeKindV2>;

/** voucher-matching's decision for one session: matched, or the precise reason and next step. Key: session id. */
export const VerificationOutcomeV2 = defineEvent({
  type: 'verification.outcome',
  version: 2,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      institutionNumber: InstitutionNumber,
      siteId: Identifier,
      voucherNumber: VoucherNumber,
      outcome: VerificationOutcomeKindV2,
      reason: z.string().min(1).max(300),
      mismatchedField: z.enum(['symbol', 'number', 'branch', 'name', 'birthDate']).optional(),
      insurerNumber: InsurerNumber.optional(),
      contractId: Identifier.optional(),
      decidedAt: z.iso.datetime({ offset: true }),
    }),
});
