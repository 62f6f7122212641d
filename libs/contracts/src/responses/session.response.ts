import { z } from 'zod';
import { CheckPurpose, Identifier, IdentityCheck, IsoDate, VoucherNumber } from '../common';
import { AlternativeMethod, EligibilityMethod } from '../events/eligibility-method';
import { VerificationOutcomeKindV3, VoucherDifference } from '../events/verification-outcome.v3';
import { ComparedSource, DeskCollection, EligibilitySource, FirstUse, PresentedVoucherSummary, VoucherCoverage } from '../voucher';
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
 * A staff settlement as the desk sees it: which kind, who (staff id) and when. The insurer contact,
 * its reference and the staff's reason stay with the decision (voucher-matching, audit).
 */
export const SessionSettlement = z.strictObject({
  kind: z.enum(['insurer-confirmed', 'same-person']),
  by: Identifier,
  at: Timestamp,
});
export type SessionSettlement = z.infer<typeof SessionSettlement>;

/**
 * The decision as the desk reads it: the outcome and its sentences (English, and Japanese with the
 * next step), whether the eligibility was checked online or transcribed from a document, what was
 * compared, and for a match what to collect (窓口負担, part by part) and what the voucher covers. No
 * personal data. Outcomes decided before these fields existed carry only kind, reason and decidedAt.
 */
export const SessionOutcome = z.strictObject({
  kind: VerificationOutcomeKindV3,
  reason: z.string(),
  reasonJa: z.string().optional(),
  /** False when the eligibility was transcribed from a document (no online check). */
  verifiedOnline: z.boolean().optional(),
  source: EligibilitySource.optional(),
  method: EligibilityMethod.optional(),
  comparedSources: z.array(ComparedSource).optional(),
  /** The presented voucher's fields that differ from the insurer's record (named, never their values). */
  differences: z.array(VoucherDifference).optional(),
  mismatchedField: z.string().optional(),
  /** 窓口負担: what the desk collects at this visit. */
  collect: DeskCollection.optional(),
  covers: VoucherCoverage.optional(),
  /** For an already-used voucher: where and when it was first used. */
  firstUse: FirstUse.optional(),
  /** For matched-after-settlement: how staff settled it. */
  settlement: SessionSettlement.optional(),
  decidedAt: Timestamp,
});
export type SessionOutcome = z.infer<typeof SessionOutcome>;

/**
 * What a device sees of its session (every /sessions route): state, method, the voucher as presented
 * (without 記号・番号) and outcome — never the card reference, nor what the operator transcribed from
 * an alternative method.
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
  /** The voucher as presented: its identity (保険者番号 + 整理番号), kind, validity, level and parts. */
  voucher: PresentedVoucherSummary.optional(),
  /**
   * Only on a session stored before the voucher carried its printed fields: the number alone. Such a
   * session still waiting for its lookup needs the voucher presented again (with the same number).
   */
  voucherNumber: VoucherNumber.optional(),
  outcome: SessionOutcome.optional(),
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
