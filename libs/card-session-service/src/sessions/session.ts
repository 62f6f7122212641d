import type { CheckPurpose, VerificationOutcomeKind } from '@hcv/contracts';
import { DomainError } from '@hcv/domain-errors';

/**
 * A visitor's verification at one device. opened → card-read (PIN verified or visual check
 * confirmed) → eligibility-requested (once the voucher is also known) → completed.
 * The voucher may be presented before or after the card is read.
 */
export type SessionState = 'opened' | 'card-read' | 'card-locked' | 'eligibility-requested' | 'completed';

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
  pinFailures: number;
  identityCheck?: 'pin' | 'visual';
  /** Opaque card reference, kept only until the eligibility request is sent. */
  cardReference?: string;
  voucherNumber?: string;
  outcome?: { kind: VerificationOutcomeKind; reason: string; mismatchedField?: string; decidedAt: string };
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

function requireState(session: Session, allowed: SessionState[], action: string): void {
  if (!allowed.includes(session.state)) {
    throw new DomainError('session-state-conflict', `Session is ${session.state}; cannot ${action}.`, 409);
  }
}

function readyForLookup(session: Session): boolean {
  return session.state === 'card-read' && session.voucherNumber !== undefined && session.cardReference !== undefined;
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
    const pinFailures = session.pinFailures + 1;
    const locked = pinFailures >= MAX_PIN_FAILURES;
    return { session: { ...session, pinFailures, state: locked ? 'card-locked' : 'opened' }, requestEligibility: false };
  }
  return advance({ ...session, state: 'card-read', identityCheck: input.identityCheck, cardReference: input.cardReference });
}

export function recordVoucher(session: Session, voucherNumber: string): StepResult {
  requireState(session, ['opened', 'card-read'], 'present a voucher');
  if (session.voucherNumber && session.voucherNumber !== voucherNumber) {
    throw new DomainError('voucher-already-presented', 'A different voucher was already presented in this session.', 409, 'voucherNumber');
  }
  return advance({ ...session, voucherNumber });
}

/** The card reference is not needed once the request left: drop it from the stored session. */
export function afterEligibilityRequested(session: Session): Session {
  const { cardReference: _dropped, ...rest } = session;
  return rest;
}

export function complete(
  session: Session,
  outcome: NonNullable<Session['outcome']>,
  at: Date,
): { session: Session; changed: boolean } {
  if (session.state === 'completed') return { session, changed: false };
  return { session: { ...session, state: 'completed', outcome, completedAt: at.toISOString() }, changed: true };
}
