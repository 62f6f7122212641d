import { z } from 'zod';
import { CheckPurpose, Identifier, IdentityCheck, IsoDate, VoucherNumber } from '../common';
import { AlternativeMethod, EligibilityMethod } from '../events/eligibility-method';
import { VerificationOutcomeKindV2 } from '../events/verification-outcome.v2';
import { Timestamp } from './timestamps';

/**
 * Where a verification session stands: opened → card-read (PIN verified or visual check confirmed)
 * → eligibility-requested → completed; card-locked after three PIN failures (an alternative method
 * then); cancelled by the operator or expired when abandoned.
 */
export const SessionState = z.enum([
  'opened',
  'card-read',
  'card-locked',
  'alternative-recorded',
  'eligibility-requested',
  'completed',
  'cancelled',
  'expired',
]);
export type SessionState = z.infer<typeof SessionState>;

/**
 * What a device sees of its session (every /sessions route): state, method and outcome — never the
 * card reference, nor what the operator transcribed from an alternative method.
 */
export const SessionResponse = z.strictObject({
  sessionId: z.uuid(),
  deviceId: Identifier,
  siteId: Identifier,
  purpose: CheckPurpose,
  checkupDate: IsoDate,
  state: SessionState,
  correlationId: z.string().min(1),
  /** PIN failures of the card last read; the card locks at three. */
  pinFailures: z.number().int().min(0),
  /** Only while card-locked: the methods that may show eligibility instead. */
  alternativeMethods: z.array(AlternativeMethod).optional(),
  method: EligibilityMethod.optional(),
  identityCheck: IdentityCheck.optional(),
  voucherNumber: VoucherNumber.optional(),
  outcome: z
    .strictObject({ kind: VerificationOutcomeKindV2, reason: z.string(), mismatchedField: z.string().optional(), decidedAt: Timestamp })
    .optional(),
  cancellation: z.strictObject({ by: z.string(), reason: z.string(), at: Timestamp }).optional(),
  openedAt: Timestamp,
  /** Buses: when the session really happened, if it was captured offline and sent later. */
  capturedAt: Timestamp.optional(),
  completedAt: Timestamp.optional(),
});
export type SessionResponse = z.infer<typeof SessionResponse>;

/** POST /sessions/captured: the session, and whether it had already been submitted (the same idempotency key). */
export const CapturedSessionResponse = SessionResponse.extend({ resent: z.boolean() });
export type CapturedSessionResponse = z.infer<typeof CapturedSessionResponse>;
