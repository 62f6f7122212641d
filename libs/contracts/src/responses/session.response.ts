import { z } from 'zod';
import { CheckPurpose, Identifier, IsoDate, VoucherNumber } from '../common';
import { AlternativeMethodV2, EligibilityMethodV2 } from '../events/eligibility-method';
import { CardProblem, DeskNextStep, IdentityCheckV2, StaffReference } from '../session-steps';
import { VerificationOutcomeKindV3, VoucherDifference } from '../events/verification-outcome.v3';
import { ComparedSource, DeskCollection, EligibilitySource, PresentedVoucherSummary, VoucherCoverage } from '../voucher';
import { FirstUseV2 } from '../session-operator';
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
  method: EligibilityMethodV2.optional(),
  comparedSources: z.array(ComparedSource).optional(),
  /** The presented voucher's fields that differ from the insurer's record (named, never their values). */
  differences: z.array(VoucherDifference).optional(),
  mismatchedField: z.string().optional(),
  /** 窓口負担: what the desk collects at this visit. */
  collect: DeskCollection.optional(),
  covers: VoucherCoverage.optional(),
  /** For an already-used voucher: where and when it was first used. */
  /** The earlier use, by an institution or by an insurer running checkups itself. */
  firstUse: FirstUseV2.optional(),
  /** For matched-after-settlement: how staff settled it. */
  settlement: SessionSettlement.optional(),
  decidedAt: Timestamp,
});
export type SessionOutcome = z.infer<typeof SessionOutcome>;

/**
 * A card problem the device reported (利用登録なし, certificate expired or revoked, unreadable): the
 * desk's next steps in order, and a sentence in English and in Japanese saying them.
 */
export const SessionCardProblem = z.strictObject({
  problem: CardProblem,
  nextSteps: z.array(DeskNextStep),
  reason: z.string(),
  reasonJa: z.string(),
  reportedAt: Timestamp,
});
export type SessionCardProblem = z.infer<typeof SessionCardProblem>;

/** 人間ドック: the identity verified with the My Number card itself, and by whom. */
export const SessionIdentityVerification = z.strictObject({
  method: z.literal('mynumber-card-presented'),
  checkedBy: StaffReference,
  verifiedAt: Timestamp,
});
export type SessionIdentityVerification = z.infer<typeof SessionIdentityVerification>;

/**
 * What a device sees of its session (every /sessions route): state, method, the voucher as presented
 * (without 記号・番号) and outcome — never the card reference, nor what the operator transcribed from
 * an alternative method.
 */
export const SessionResponse = z.strictObject({
  sessionId: z.uuid(),
  deviceId: Identifier,
  siteId: Identifier,
  /** The stop (会場/事業所) of the visit; a fixed site's own id when none was given. */
  stopId: Identifier,
  purpose: CheckPurpose,
  checkupDate: IsoDate,
  state: SessionState,
  correlationId: z.string().min(1),
  /** PIN failures of the card last read; the card locks at three. */
  pinFailures: z.number().int().min(0),
  /**
   * While card-locked or after a card problem: the alternative methods valid on the checkup date
   * that may show eligibility instead.
   */
  alternativeMethods: z.array(AlternativeMethodV2).optional(),
  /** Only while card-locked: the identity checks still possible without the PIN (目視確認, 顔認証). */
  identityChecks: z.array(IdentityCheckV2).optional(),
  method: EligibilityMethodV2.optional(),
  identityCheck: IdentityCheckV2.optional(),
  /** The staff member who did the 目視確認. */
  checkedBy: StaffReference.optional(),
  /** The card problem last reported and what the desk does next. */
  cardProblem: SessionCardProblem.optional(),
  /** 人間ドック: the identity verified by presenting the My Number card. */
  identityVerification: SessionIdentityVerification.optional(),
  /** 人間ドック confirmed against the insurer only, without a 受診券. */
  withoutVoucher: z.boolean().optional(),
  /** The earlier captured visit this online visit confirms. */
  linkedSessionId: z.uuid().optional(),
  /** The voucher as presented: its identity (保険者番号 + 整理番号), kind, validity, level and parts. */
  voucher: PresentedVoucherSummary.optional(),
  /**
   * Only on a session stored before the voucher carried its printed fields: the number alone. Such a
   * session still waiting for its lookup needs the voucher presented again (with the same number).
   */
  voucherNumber: VoucherNumber.optional(),
  outcome: SessionOutcome.optional(),
  /** The device asked the federation's desk to settle this session's outcome (精算依頼): when, and who asked. */
  settlementRequest: z.strictObject({ requestedAt: Timestamp, requestedBy: StaffReference.optional() }).optional(),
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
