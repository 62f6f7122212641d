import { createHash } from 'node:crypto';
import type { CheckPurpose, EligibilityMethod, TranscribedEligibility, VerificationOutcomeKindV2 } from '@hcv/contracts';
import { DomainError } from '@hcv/domain-errors';
import { isValidInsurerNumber, normalizeInsurerNumber } from '@hcv/domain-identifiers';

/**
 * A visitor's verification at one device. opened → card-read (PIN verified or visual check
 * confirmed) → eligibility-requested (once the voucher is also known) → completed.
 * The voucher may be presented before or after the card is read.
 */
export type SessionState =
  | 'opened'
  | 'card-read'
  | 'card-locked'
  | 'alternative-recorded'
  | 'eligibility-requested'
  | 'completed'
  | 'cancelled'
  | 'expired';

/** States in which the device (not the pipeline) must act next: these time out when abandoned. */
export const WAITING_FOR_DEVICE: SessionState[] = ['opened', 'card-read', 'card-locked', 'alternative-recorded'];
export const FINISHED: SessionState[] = ['completed', 'cancelled', 'expired'];

export const MAX_PIN_FAILURES = 3;

export interface Session {
  sessionId: string;
  deviceId: string;
  institutionNumber: string;
  siteId: string;
  purpose: CheckPurpose;
  checkupDate: string;
  state: SessionState;
  correlationId: string;
  /** The trace the opening request started; later steps continue it so one verification is one trace. */
  traceparent?: string;
  openedAt: string;
  /** PIN failures of the card last read (`pinFailureCard`, its fingerprint); a different card starts again at 0. */
  pinFailures: number;
  pinFailureCard?: string;
  identityCheck?: 'pin' | 'visual';
  /** Opaque card reference, kept only until the eligibility request is sent. */
  cardReference?: string;
  method?: EligibilityMethod;
  /** What the operator transcribed from an alternative method, kept only until it is sent. */
  transcribed?: TranscribedEligibility;
  /** Buses: when the session really happened, if it was captured offline and sent later. */
  capturedAt?: string;
  idempotencyKey?: string;
  lastActivityAt?: string;
  cancellation?: { by: string; reason: string; at: string };
  voucherNumber?: string;
  outcome?: { kind: VerificationOutcomeKindV2; reason: string; mismatchedField?: string; decidedAt: string };
  completedAt?: string;
  /** Optimistic concurrency: every save checks the version it read. */
  version: number;
}

/** What a step produced: the next session and whether eligibility should now be requested. */
export interface StepResult {
  session: Session;
  requestEligibility: boolean;
}

const IDENTITY_PURPOSES = ['identity-verification', 'identity', 'honnin-kakunin', '本人確認'];

/**
 * 人間ドック may use online eligibility to confirm the insurer, never to verify identity (本人確認):
 * that is done by presenting the My Number card itself.
 */
export function parsePurpose(raw: string): CheckPurpose {
  if (IDENTITY_PURPOSES.includes(raw)) {
    throw new DomainError(
      'identity-verification-not-permitted',
      'Online eligibility may not be used for identity verification (本人確認); the visitor must present the My Number card itself.',
      422,
      'purpose',
    );
  }
  if (raw === 'specific-checkup' || raw === 'specific-guidance' || raw === 'comprehensive-checkup') return raw;
  throw new DomainError(
    'unknown-purpose',
    'purpose must be specific-checkup (特定健診), specific-guidance (特定保健指導) or comprehensive-checkup (人間ドック).',
    400,
    'purpose',
  );
}

/** Counting PIN failures only asks "the same card as last time?": a fingerprint answers it, the reference is not kept. */
function cardFingerprint(cardReference: string): string {
  return createHash('sha256').update(cardReference, 'utf8').digest('base64url');
}

function requireState(session: Session, allowed: SessionState[], action: string): void {
  if (!allowed.includes(session.state)) {
    throw new DomainError('session-state-conflict', `Session is ${session.state}; cannot ${action}.`, 409);
  }
}

function readyForLookup(session: Session): boolean {
  if (session.voucherNumber === undefined) return false;
  if (session.state === 'card-read') return session.cardReference !== undefined;
  if (session.state === 'alternative-recorded') return session.transcribed !== undefined;
  return false;
}

function advance(session: Session): StepResult {
  if (!readyForLookup(session)) return { session, requestEligibility: false };
  return { session: { ...session, state: 'eligibility-requested' }, requestEligibility: true };
}

export function recordCardRead(
  session: Session,
  input: { identityCheck: 'pin' | 'visual'; pinVerified?: boolean; cardReference: string },
): StepResult {
  requireState(session, ['opened'], 'read a card');
  if (input.identityCheck === 'pin' && input.pinVerified !== true) {
    // Counted per card: the card itself locks after three wrong PINs.
    const card = cardFingerprint(input.cardReference);
    const pinFailures = (session.pinFailureCard === card ? session.pinFailures : 0) + 1;
    const locked = pinFailures >= MAX_PIN_FAILURES;
    return { session: { ...session, pinFailures, pinFailureCard: card, state: locked ? 'card-locked' : 'opened' }, requestEligibility: false };
  }
  return advance({ ...session, state: 'card-read', method: 'mynumber-card', identityCheck: input.identityCheck, cardReference: input.cardReference });
}

/**
 * Eligibility shown another way (Mynaportal screen, マイナ保険証 + 資格情報のお知らせ, 資格確認書):
 * allowed before a card read, or after the card locked on three PIN failures.
 */
export function recordAlternative(session: Session, input: { method: Exclude<EligibilityMethod, 'mynumber-card'>; eligibility: TranscribedEligibility }): StepResult {
  requireState(session, ['opened', 'card-locked'], 'record an alternative method');
  if (!isValidInsurerNumber(normalizeInsurerNumber(input.eligibility.insurerNumber))) {
    throw new DomainError('invalid-insurer-number', 'The transcribed insurer number (保険者番号) has a wrong check digit; check the document.', 400, 'eligibility.insurerNumber');
  }
  return advance({ ...session, state: 'alternative-recorded', method: input.method, transcribed: input.eligibility });
}

export function cancel(session: Session, input: { by: string; reason: string }, at: Date): Session {
  requireState(session, ['opened', 'card-read', 'card-locked', 'alternative-recorded', 'eligibility-requested'], 'cancel');
  // A finished session never needs the card reference or the transcribed eligibility again.
  return { ...afterEligibilityRequested(session), state: 'cancelled', cancellation: { ...input, at: at.toISOString() } };
}

/** An abandoned session: the device did nothing for longer than the timeout. */
export function expireIfIdle(session: Session, now: Date, timeoutMillis: number): Session | null {
  if (!WAITING_FOR_DEVICE.includes(session.state)) return null;
  const last = Date.parse(session.lastActivityAt ?? session.openedAt);
  return now.getTime() - last >= timeoutMillis ? { ...afterEligibilityRequested(session), state: 'expired' } : null;
}

export function recordVoucher(session: Session, voucherNumber: string): StepResult {
  requireState(session, ['opened', 'card-read', 'card-locked', 'alternative-recorded'], 'present a voucher');
  if (session.voucherNumber && session.voucherNumber !== voucherNumber) {
    throw new DomainError('voucher-already-presented', 'A different voucher was already presented in this session.', 409, 'voucherNumber');
  }
  return advance({ ...session, voucherNumber });
}

/** The card reference is not needed once the request left: drop it from the stored session. */
export function afterEligibilityRequested(session: Session): Session {
  const { cardReference: _card, transcribed: _transcribed, ...rest } = session;
  return rest;
}

export function complete(
  session: Session,
  outcome: NonNullable<Session['outcome']>,
  at: Date,
): { session: Session; changed: boolean } {
  // A cancelled or expired session keeps its end state; a late outcome is recorded but changes nothing.
  if (FINISHED.includes(session.state)) return { session, changed: false };
  return { session: { ...session, state: 'completed', outcome, completedAt: at.toISOString() }, changed: true };
}
