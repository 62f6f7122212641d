import { createHash } from 'node:crypto';
import {
  draft,
  EligibilityRequestedV2,
  QualificationTranscribedV2,
  SessionCancelledV1,
  SessionCardReadV1,
  SessionCompletedV3,
  SessionExpiredV1,
  SessionMethodRecordedV1,
  SessionOpenedV1,
  SessionVoucherPresentedV2,
  unchanged,
  type CheckPurpose,
  type Decision,
  type EligibilityMethod,
  type EligibilitySource,
  type EventDraft,
  type PresentedVoucher,
  type SessionOutcome,
  type SessionState,
  type TranscribedEligibility,
  type VerificationOutcomeKindV3,
} from '@hcv/contracts';
import { DomainError, NotFoundError } from '@hcv/domain';
import { presentedInsurerNumber, sameVoucher, voucherSummary, withoutMemberFields } from './presented-voucher';
import { insurerNumberOrThrow } from '@hcv/domain';

/**
 * A visitor's verification at one device. opened → card-read (PIN verified or visual check
 * confirmed) → eligibility-requested (once the voucher is also known) → completed.
 * The voucher may be presented before or after the card is read. The states are the response
 * contract's (SessionState), so the API declares exactly these.
 */
export type { SessionState };

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
  /**
   * The voucher as presented (printed fields, insurer number canonical). Its 記号・番号 are kept only
   * until the eligibility request is sent, like the card reference.
   */
  voucher?: PresentedVoucher;
  /**
   * Sessions stored before the voucher carried its printed fields hold the number alone: read, shown,
   * never written by a step. Such a session asks for the voucher again before its lookup.
   */
  voucherNumber?: string;
  /** The decision as the device reads it (SessionOutcome: no personal data). */
  outcome?: SessionOutcome;
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
  if (session.voucher === undefined) return false;
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
    return {
      session: { ...session, pinFailures, pinFailureCard: card, state: locked ? 'card-locked' : 'opened' },
      requestEligibility: false,
    };
  }
  return advance({
    ...session,
    state: 'card-read',
    method: 'mynumber-card',
    identityCheck: input.identityCheck,
    cardReference: input.cardReference,
  });
}

/**
 * Eligibility shown another way (Mynaportal screen, マイナ保険証 + 資格情報のお知らせ, 資格確認書):
 * allowed before a card read, or after the card locked on three PIN failures.
 */
export function recordAlternative(
  session: Session,
  input: { method: Exclude<EligibilityMethod, 'mynumber-card'>; eligibility: TranscribedEligibility },
): StepResult {
  requireState(session, ['opened', 'card-locked'], 'record an alternative method');
  const insurerNumber = insurerNumberOrThrow(input.eligibility.insurerNumber, 'eligibility.insurerNumber');
  return advance({ ...session, state: 'alternative-recorded', method: input.method, transcribed: { ...input.eligibility, insurerNumber } });
}

export function cancel(session: Session, input: { by: string; reason: string }, at: Date): Session {
  requireState(session, ['opened', 'card-read', 'card-locked', 'alternative-recorded', 'eligibility-requested'], 'cancel');
  // A finished session never needs the card reference or the transcribed eligibility again. Only who
  // and why are kept: the caller may pass its whole command (kind, device), which is not the session's.
  return {
    ...afterEligibilityRequested(session),
    state: 'cancelled',
    cancellation: { by: input.by, reason: input.reason, at: at.toISOString() },
  };
}

/** An abandoned session: the device did nothing for longer than the timeout. */
export function expireIfIdle(session: Session, now: Date, timeoutMillis: number): Session | null {
  if (!WAITING_FOR_DEVICE.includes(session.state)) return null;
  const last = Date.parse(session.lastActivityAt ?? session.openedAt);
  return now.getTime() - last >= timeoutMillis ? { ...afterEligibilityRequested(session), state: 'expired' } : null;
}

/**
 * The voucher the visitor showed, as printed. The same voucher (insurer + number) may be presented
 * again before the lookup (a corrected field replaces the earlier presentation); another voucher is
 * refused. A session stored with the number alone takes the full voucher of that number.
 */
export function recordVoucher(session: Session, presented: PresentedVoucher): StepResult {
  requireState(session, ['opened', 'card-read', 'card-locked', 'alternative-recorded'], 'present a voucher');
  const voucher: PresentedVoucher = { ...presented, insurerNumber: presentedInsurerNumber(presented.insurerNumber, 'insurerNumber') };
  const earlier =
    session.voucher ?? (session.voucherNumber ? { insurerNumber: voucher.insurerNumber, voucherNumber: session.voucherNumber } : undefined);
  if (earlier && !sameVoucher(earlier, voucher)) {
    throw new DomainError(
      'voucher-already-presented',
      'A different voucher was already presented in this session.',
      409,
      earlier.voucherNumber === voucher.voucherNumber ? 'insurerNumber' : 'voucherNumber',
    );
  }
  const { voucherNumber: _legacy, ...rest } = session;
  return advance({ ...rest, voucher });
}

/**
 * What the stored session no longer needs once the request left: the card reference, the transcribed
 * eligibility and the voucher's 記号・番号 (the request carried them).
 */
export function afterEligibilityRequested(session: Session): Session {
  const { cardReference: _card, transcribed: _transcribed, ...rest } = session;
  return rest.voucher ? { ...rest, voucher: withoutMemberFields(rest.voucher) } : rest;
}

/** The outcomes staff may settle; a settled outcome (matched-after-settlement) supersedes them. */
export const SETTLEABLE: VerificationOutcomeKindV3[] = ['needs-manual-check', 'member-mismatch'];

/**
 * The session's outcome. A finished session keeps its end state and a late outcome changes nothing —
 * except a settlement: matched-after-settlement replaces the needs-manual-check or member-mismatch
 * the session completed with (`settled`), so the desk sees what staff decided.
 */
export function complete(session: Session, outcome: SessionOutcome, at: Date): { session: Session; changed: boolean; settled?: boolean } {
  if (FINISHED.includes(session.state)) {
    const settles =
      session.state === 'completed' &&
      outcome.kind === 'matched-after-settlement' &&
      session.outcome !== undefined &&
      SETTLEABLE.includes(session.outcome.kind);
    return settles ? { session: { ...session, outcome }, changed: true, settled: true } : { session, changed: false };
  }
  return { session: { ...session, state: 'completed', outcome, completedAt: at.toISOString() }, changed: true };
}

/** Online when the card was read and the national system asked; transcribed from a document otherwise. */
export function eligibilitySourceOf(method: EligibilityMethod | undefined): EligibilitySource | undefined {
  if (method === undefined) return undefined;
  return method === 'mynumber-card' ? 'online' : 'transcribed';
}

/** A session opened live holds its device's one slot until it finishes; one captured offline never held it. */
export function holdsDeviceSlot(session: Session): boolean {
  return session.capturedAt === undefined;
}

/** The device's slot is freed when a session that held it has just finished. */
export function releasesDeviceSlot(after: Session, before: Session | undefined): boolean {
  return FINISHED.includes(after.state) && !(before && FINISHED.includes(before.state)) && holdsDeviceSlot(after);
}

/** What opening needs: the device as the directory knows it, and the time of the request. */
export interface OpenSession {
  sessionId: string;
  device: { deviceId: string; institutionNumber: string; siteId: string };
  purpose: CheckPurpose;
  checkupDate?: string;
  correlationId: string;
  traceparent?: string;
  at: Date;
  capturedAt?: string;
  idempotencyKey?: string;
}

/** A new session and its session.opened. */
export function openSession(command: OpenSession): Decision<Session> {
  const now = command.at.toISOString();
  const session: Session = {
    sessionId: command.sessionId,
    deviceId: command.device.deviceId,
    institutionNumber: command.device.institutionNumber,
    siteId: command.device.siteId,
    purpose: command.purpose,
    checkupDate: command.checkupDate ?? (command.capturedAt ?? now).slice(0, 10),
    state: 'opened',
    correlationId: command.correlationId,
    traceparent: command.traceparent,
    openedAt: command.capturedAt ?? now,
    lastActivityAt: now,
    pinFailures: 0,
    version: 0,
    ...(command.capturedAt ? { capturedAt: command.capturedAt } : {}),
    ...(command.idempotencyKey ? { idempotencyKey: command.idempotencyKey } : {}),
  };
  const { sessionId, deviceId, institutionNumber, siteId, purpose, checkupDate, openedAt } = session;
  return {
    state: session,
    events: [draft(SessionOpenedV1, { sessionId, deviceId, institutionNumber, siteId, purpose, checkupDate, openedAt })],
  };
}

/** The steps after opening; `deviceId`, when given, is the device asking (another device's session is not found). */
export type SessionCommand = { at: Date } & (
  | { kind: 'read-card'; deviceId?: string; identityCheck: 'pin' | 'visual'; pinVerified?: boolean; cardReference: string }
  | {
      kind: 'record-alternative';
      deviceId?: string;
      method: Exclude<EligibilityMethod, 'mynumber-card'>;
      eligibility: TranscribedEligibility;
    }
  | { kind: 'present-voucher'; deviceId?: string; voucher: PresentedVoucher }
  | { kind: 'cancel'; deviceId?: string; by: string; reason: string }
  | { kind: 'record-outcome'; outcome: NonNullable<Session['outcome']> }
  | { kind: 'expire'; timeoutMillis: number }
);

/**
 * The one place that decides a session step: its next state and the events announcing it — and,
 * when the step made the session ready, the request (an online lookup for a card read, or the
 * transcribed eligibility for an alternative method, which skips the lookup).
 */
export function decideSession(command: SessionCommand, session: Session): Decision<Session> {
  if ('deviceId' in command && command.deviceId !== undefined && session.deviceId !== command.deviceId)
    throw new NotFoundError('session', session.sessionId);
  const { sessionId } = session;
  const at = command.at.toISOString();
  switch (command.kind) {
    case 'read-card': {
      const result = recordCardRead(session, command);
      const read =
        result.session.state === 'opened' || result.session.state === 'card-locked'
          ? []
          : [draft(SessionCardReadV1, { sessionId, identityCheck: command.identityCheck, readAt: session.capturedAt ?? at })];
      return step(result, read, command.at);
    }
    case 'record-alternative':
      return step(recordAlternative(session, command), [], command.at);
    case 'present-voucher': {
      const result = recordVoucher(session, command.voucher);
      // The announcement carries the voucher's identity and kind, never its 記号・番号.
      return step(result, [draft(SessionVoucherPresentedV2, { sessionId, voucher: voucherSummary(result.session.voucher!) })], command.at);
    }
    case 'cancel':
      return step(
        { session: cancel(session, command, command.at), requestEligibility: false },
        [draft(SessionCancelledV1, { sessionId, by: command.by, reason: command.reason, at })],
        command.at,
      );
    case 'record-outcome': {
      // A redelivery finds the session completed: its session.completed was stored with the first write.
      const { session: completed, changed, settled } = complete(session, command.outcome, command.at);
      if (!changed) return unchanged(session);
      // A settlement changes the view only: the session completed once (its session.completed went
      // out then), and voucher-matching's verification.outcome announces the settlement itself.
      if (settled) return { state: completed, events: [] };
      const elapsedMillis = command.at.getTime() - Date.parse(session.openedAt);
      const source = command.outcome.source ?? eligibilitySourceOf(session.method);
      return {
        state: completed,
        events: [
          draft(SessionCompletedV3, {
            sessionId,
            outcome: command.outcome.kind,
            ...(source ? { source } : {}),
            completedAt: at,
            elapsedMillis,
          }),
        ],
      };
    }
    case 'expire': {
      const expired = expireIfIdle(session, command.at, command.timeoutMillis);
      if (!expired) return unchanged(session);
      const idleSeconds = Math.round((command.at.getTime() - Date.parse(session.lastActivityAt ?? session.openedAt)) / 1000);
      return { state: expired, events: [draft(SessionExpiredV1, { sessionId, lastState: session.state, idleSeconds, at })] };
    }
  }
}

/** A device step: the activity time, the step's events, then the request if the step made the session ready. */
function step(result: StepResult, events: EventDraft[], at: Date): Decision<Session> {
  const next = { ...result.session, lastActivityAt: at.toISOString() };
  if (!result.requestEligibility) return { state: next, events };
  // The request carries the card reference; the stored session no longer needs it.
  return { state: afterEligibilityRequested(next), events: [...events, ...eligibilityRequest(next, at)] };
}

function eligibilityRequest(session: Session, at: Date): EventDraft[] {
  // The whole voucher as presented (記号・番号 included) travels to matching; the stored session drops them.
  const echo = {
    sessionId: session.sessionId,
    institutionNumber: session.institutionNumber,
    siteId: session.siteId,
    purpose: session.purpose,
    checkupDate: session.checkupDate,
    voucher: session.voucher!,
  };
  if (session.method && session.method !== 'mynumber-card') {
    const transcribedAt = at.toISOString();
    return [
      draft(SessionMethodRecordedV1, {
        sessionId: session.sessionId,
        method: session.method,
        capturedAt: session.capturedAt ?? transcribedAt,
      }),
      draft(QualificationTranscribedV2, { request: echo, method: session.method, eligibility: session.transcribed!, transcribedAt }),
    ];
  }
  return [draft(EligibilityRequestedV2, { ...echo, deviceId: session.deviceId, cardReference: session.cardReference! })];
}
