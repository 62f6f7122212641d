import { defineEvent } from '../envelope';
import { exactlyOneSessionOperator, FirstUseV2, SessionOperatorFields } from '../session-operator';
import { VerificationOutcomeV3 } from './verification-outcome.v3';

/**
 * v4: as v3, the decision names the session's operator — a checkup institution (`institutionNumber`) or
 * an insurer running checkups itself (`onlineEligibilityCode`), exactly one — and an earlier use
 * (`firstUse`) may have been by either. Published for sessions on an insurer's device. Key: session id.
 */
export const VerificationOutcomeV4 = defineEvent({
  type: 'verification.outcome',
  version: 4,
  data: () =>
    VerificationOutcomeV3.data
      .omit({ institutionNumber: true, firstUse: true })
      .extend({ ...SessionOperatorFields, firstUse: FirstUseV2.optional() })
      .refine(...exactlyOneSessionOperator),
});
