import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier, InstitutionNumber, InsurerNumber, VerificationOutcomeKind, VoucherNumber } from '../common';

/** voucher-matching's decision: matched, or the precise reason it is not. Key: session id. */
export const VerificationOutcomeV1 = defineEvent({
  type: 'verification.outcome',
  version: 1,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      institutionNumber: InstitutionNumber,
      siteId: Identifier,
      voucherNumber: VoucherNumber,
      outcome: VerificationOutcomeKind,
      /** A sentence an operator can act on. Never contains personal data. */
      reason: z.string().min(1).max(300),
      /** Which member field differed, for member-mismatch. */
      mismatchedField: z.enum(['symbol', 'number', 'branch', 'name', 'birthDate']).optional(),
      insurerNumber: InsurerNumber.optional(),
      decidedAt: z.iso.datetime({ offset: true }),
    }),
});
