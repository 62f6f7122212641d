import { createHash } from 'node:crypto';
import {
  draft,
  EligibilityRequestedV3,
  EligibilityRequestedV4,
  QualificationTranscribedV3,
  QualificationTranscribedV4,
  SessionCancelledV2,
  SessionCardProblemV1,
  SessionCardReadV2,
  SessionCompletedV4,
  SessionExpiredV2,
  SessionIdentityVerifiedV1,
  SessionMethodRecordedV2,
  SessionSettlementRequestedV1,
  SessionOpenedV2,
  SessionOpenedV3,
  SessionVoucherPresentedV3,
  unchanged,
  type AlternativeMethodV2,
  type CardProblem,
  type CheckPurpose,
  type DataOf,
  type Decision,
  type DeskNextStep,
  type EligibilityMethodV2,
  type EligibilitySource,
  type EventDraft,
  type IdentityCheckV2,
  type PresentedVoucher,
  type ReportedEligibility,
  type TerminalQuery,
  type SessionOutcome,
  type SessionState,
  type TranscribedEligibility,
  type VerificationOutcomeKindV3,
} from '@hcv/contracts';
import { DomainError, insurerNumberOrThrow, NotFoundError } from '@hcv/domain';
import { CARD_PROBLEM_STEPS } from './card-problem';
import { NOTICE_METHOD_VALIDITY, requireMethodValidOn, type MethodValidity } from './method-validity';
import { presentedInsurerNumber, sameVoucher, voucherSummary, withoutMemberFields } from './presented-voucher';

export { parsePurpose } from './purpose';

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
  /** Who runs the visit: a checkup institution, or an insurer running checkups itself on its own device (exactly one). */
  institutionNumber?: string;
  onlineEligibilityCode?: string;
  siteId: string;
  /** The stop (会場/事業所) of the visit; sessions stored before it was kept are at their site (`stopOf`). */
  stopId?: string;
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
  identityCheck?: IdentityCheckV2;
  /** The staff member who did the 目視確認. */
  checkedBy?: string;
  /** The card was confirmed without its PIN after three PIN failures locked it. */
  afterPinLock?: boolean;
  /** Opaque card reference, kept only until the eligibility request is sent. */
  cardReference?: string;
  /** What the device's national app showed (限定型), kept only until the eligibility request is sent. */
  reported?: ReportedEligibility;
  /** 既存型: the query for the site's 資格確認端末 (birth date, 記号・番号), kept only until the eligibility request is sent. */
  terminalQuery?: TerminalQuery;
  /** The card problem last reported instead of a read; a later read clears it. */
  cardProblem?: { problem: CardProblem; nextSteps: DeskNextStep[]; reportedAt: string };
  /** 人間ドック: identity verified by presenting the My Number card, and by whom. */
  identityVerification?: { method: 'mynumber-card-presented'; checkedBy: string; verifiedAt: string };
  /** 人間ドック confirmed against the insurer only: the lookup is requested without a voucher. */
  withoutVoucher?: boolean;
  /** The earlier captured visit this online visit confirms. */
  linkedSessionId?: string;
  method?: EligibilityMethodV2;
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
  /** The device asked the federation's desk to settle the outcome (精算依頼): once per session. */
  settlementRequest?: { requestedAt: string; requestedBy?: string };
  completedAt?: string;
  /** Optimistic concurrency: every save checks the version it read. */
  version: number;
}

/** What a step produced: the next session and whether eligibility should now be requested. */
export interface StepResult {
  session: Session;
  requestEligibility: boolean;
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

/** Where every session event says the visit happened: the stop given at opening, else the site itself. */
export function stopOf(session: Session): string {
  return session.stopId ?? session.siteId;
}

function readyForLookup(session: Session): boolean {
  if (session.voucher === undefined && session.withoutVoucher !== true) return false;
  if (session.state === 'card-read') return session.cardReference !== undefined || session.reported !== undefined;
  if (session.state === 'alternative-recorded') return session.transcribed !== undefined;
  return false;
}

function advance(session: Session): StepResult {
  if (!readyForLookup(session)) return { session, requestEligibility: false };
  return { session: { ...session, state: 'eligibility-requested' }, requestEligibility: true };
}

/** What a card read reports: how the holder was confirmed, and the answer's source (exactly one when confirmed). */
export interface CardRead {
  identityCheck: IdentityCheckV2;
  pinVerified?: boolean;
  checkedBy?: string;
  cardReference?: string;
  reported?: ReportedEligibility;
  /** 既存型: what the site's 資格確認端末 needs with the card reference. */
  terminalQuery?: TerminalQuery;
}

/**
 * A card read. A wrong PIN counts towards the card's lock (three); after the lock the PIN is refused
 * but 目視確認 (by a named staff member) or 顔認証 still confirm the holder. A captured (offline)
 * session takes no card read: 限定型 checks the PIN through JPKI at reading time, online only.
 */
export function recordCardRead(session: Session, input: CardRead): StepResult {
  if (session.capturedAt !== undefined) {
    throw new DomainError(
      'card-read-needs-online',
      'A My Number card cannot be read offline: 資格確認限定型 is online only (the PIN is checked through JPKI when the card is read). Record an alternative document or the paper route instead. ' +
        'マイナンバーカードはオフラインでは読み取れません（限定型はオンライン専用で、暗証番号は読み取り時にJPKIで照合されます）。代替書類または紙の保険証で記録してください。',
      422,
      'card',
    );
  }
  if (session.state === 'card-locked' && input.identityCheck === 'pin') {
    throw new DomainError(
      'card-pin-locked',
      'The card is locked after three wrong PINs: confirm the holder by 目視確認 (a staff member compares the face photo) or use an alternative method. ' +
        '暗証番号が3回誤入力されロックされています。目視確認（職員が顔写真と照合）または別の方法で確認してください。',
      409,
      'identityCheck',
    );
  }
  requireState(session, ['opened', 'card-locked'], 'read a card');
  if (input.identityCheck === 'visual' && !input.checkedBy) {
    throw new DomainError('checked-by-required', 'A 目視確認 records the staff member who did it: give checkedBy.', 422, 'checkedBy');
  }
  if (input.identityCheck === 'pin' && input.pinVerified !== true) {
    // Counted per card: the card itself locks after three wrong PINs. Without a reference (限定型:
    // the app shows nothing on a failure) the failures count for the card of this session.
    const card = input.cardReference ? cardFingerprint(input.cardReference) : 'this-session';
    const pinFailures = (session.pinFailureCard === card ? session.pinFailures : 0) + 1;
    const locked = pinFailures >= MAX_PIN_FAILURES;
    return {
      session: { ...session, pinFailures, pinFailureCard: card, state: locked ? 'card-locked' : 'opened' },
      requestEligibility: false,
    };
  }
  if (input.terminalQuery !== undefined && input.cardReference === undefined) {
    throw new DomainError(
      'invalid-request',
      'terminalQuery goes with a cardReference (a 既存型 terminal answers for the card read at its reader).',
      400,
      'terminalQuery',
    );
  }
  if ((input.cardReference === undefined) === (input.reported === undefined)) {
    throw new DomainError(
      'invalid-request',
      'A confirmed read gives exactly one of reported (what the national app showed) or cardReference.',
      400,
      'reported',
    );
  }
  const reported = input.reported?.insurerNumber
    ? { ...input.reported, insurerNumber: insurerNumberOrThrow(input.reported.insurerNumber, 'reported.insurerNumber') }
    : input.reported;
  const terminalQuery = input.terminalQuery?.insurerNumber
    ? { ...input.terminalQuery, insurerNumber: insurerNumberOrThrow(input.terminalQuery.insurerNumber, 'terminalQuery.insurerNumber') }
    : input.terminalQuery;
  const { cardProblem: _resolved, terminalQuery: _earlier, ...rest } = session;
  return advance({
    ...rest,
    state: 'card-read',
    method: 'mynumber-card',
    identityCheck: input.identityCheck,
    ...(input.checkedBy ? { checkedBy: input.checkedBy } : {}),
    afterPinLock: session.state === 'card-locked',
    ...(input.cardReference ? { cardReference: input.cardReference } : {}),
    ...(terminalQuery ? { terminalQuery } : {}),
    ...(reported ? { reported } : {}),
  });
}

/**
 * The device reported a problem of the card instead of a read. The session stays open for the next
 * step (a re-read, or an alternative document); the view names the steps.
 */
export function recordCardProblem(session: Session, problem: CardProblem, at: Date): Session {
  requireState(session, ['opened', 'card-locked'], 'report a card problem');
  return { ...session, cardProblem: { problem, nextSteps: CARD_PROBLEM_STEPS[problem].nextSteps, reportedAt: at.toISOString() } };
}

/**
 * 人間ドック: staff verified the visitor's identity with the My Number card itself (its face photo).
 * A step of its own, once per session, before or after the outcome: online eligibility confirms
 * the insurer only.
 */
export function recordIdentityVerified(session: Session, checkedBy: string, at: Date): Session {
  if (session.purpose !== 'comprehensive-checkup') {
    throw new DomainError(
      'identity-step-not-applicable',
      'Identity verified with the My Number card is recorded for a 人間ドック (comprehensive-checkup); other visits confirm the holder at the card read.',
      422,
      'purpose',
    );
  }
  requireState(
    session,
    ['opened', 'card-read', 'card-locked', 'alternative-recorded', 'eligibility-requested', 'completed'],
    'record the identity verification',
  );
  if (session.identityVerification) {
    throw new DomainError('session-state-conflict', 'The identity was already verified in this session.', 409);
  }
  return { ...session, identityVerification: { method: 'mynumber-card-presented', checkedBy, verifiedAt: at.toISOString() } };
}

/**
 * Eligibility shown another way (Mynaportal screen, マイナ保険証 + 資格情報のお知らせ, 資格確認書, the
 * paper 被保険者証): allowed before a card read, after a card problem, or after the card locked on three
 * PIN failures — each method only for the checkup dates it is valid for.
 */
export function recordAlternative(
  session: Session,
  input: { method: AlternativeMethodV2; eligibility: TranscribedEligibility; methodValidity?: MethodValidity },
): StepResult {
  requireState(session, ['opened', 'card-locked'], 'record an alternative method');
  const insurerNumber = insurerNumberOrThrow(input.eligibility.insurerNumber, 'eligibility.insurerNumber');
  requireMethodValidOn(input.method, session.checkupDate, input.methodValidity ?? NOTICE_METHOD_VALIDITY, insurerNumber);
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
 * What the stored session no longer needs once the request left: the card reference, what the
 * national app showed, the 既存型 terminal query, the transcribed eligibility and the voucher's
 * 記号・番号 (the request carried them).
 */
export function afterEligibilityRequested(session: Session): Session {
  const { cardReference: _card, transcribed: _transcribed, reported: _reported, terminalQuery: _query, ...rest } = session;
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
export function eligibilitySourceOf(method: EligibilityMethodV2 | undefined): EligibilitySource | undefined {
  if (method === undefined) return undefined;
  return method === 'mynumber-card' ? 'online' : 'transcribed';
}

/** A session opened live holds its device's one slot until it finishes; one captured offline never held it. */
export function holdsDeviceSlot(session: Pick<Session, 'capturedAt'>): boolean {
  return session.capturedAt === undefined;
}

/** Whether the session, as it is now, holds its device's slot (live and not finished). */
export function holdsDeviceSlotNow(session: Pick<Session, 'capturedAt' | 'state'>): boolean {
  return holdsDeviceSlot(session) && !FINISHED.includes(session.state);
}

/** The reason a session superseded by its device's next open is cancelled with. */
export const SUPERSEDED_BY_NEW_OPEN = 'superseded: the device opened a new visit before any step of this one';

/**
 * What a device's open does about the session holding the device's one slot (as stored):
 *  - `take-over`: the holder has finished (its finishing write freed the slot meanwhile);
 *  - `supersede`: the holder is untouched — opened, no step since (version 0). Only this device may
 *    act on it, and it is asking for a new visit: it never got that session (the open's answer was
 *    lost) or left it before any step. It is cancelled, which frees the slot;
 *  - `refuse`: a visit under way (some step was taken) — `device-has-active-session`.
 */
export function slotVerdict(holder: Session): 'take-over' | 'supersede' | 'refuse' {
  if (FINISHED.includes(holder.state)) return 'take-over';
  return holder.state === 'opened' && holder.version === 0 ? 'supersede' : 'refuse';
}

/** What opening needs: the device as the directory knows it, and the time of the request. */
export interface OpenSession {
  sessionId: string;
  /** The device and who runs it: an institution number or an insurer's code (the code wins when both are given). */
  device: { deviceId: string; siteId: string; institutionNumber?: string; onlineEligibilityCode?: string };
  purpose: CheckPurpose;
  checkupDate?: string;
  stopId?: string;
  linkedSessionId?: string;
  withoutVoucher?: boolean;
  correlationId: string;
  traceparent?: string;
  at: Date;
  capturedAt?: string;
  idempotencyKey?: string;
}

/** A new session and its session.opened. */
export function openSession(command: OpenSession): Decision<Session> {
  if (command.withoutVoucher && command.purpose !== 'comprehensive-checkup') {
    throw new DomainError(
      'voucher-required-for-purpose',
      'Only a 人間ドック (comprehensive-checkup) is confirmed against the insurer without a voucher; 特定健診 needs its 受診券 and 特定保健指導 its 利用券.',
      422,
      'withoutVoucher',
    );
  }
  const now = command.at.toISOString();
  const session: Session = {
    sessionId: command.sessionId,
    deviceId: command.device.deviceId,
    ...operatorOf(command.device),
    siteId: command.device.siteId,
    stopId: command.stopId ?? command.device.siteId,
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
    ...(command.linkedSessionId ? { linkedSessionId: command.linkedSessionId } : {}),
    ...(command.withoutVoucher ? { withoutVoucher: true } : {}),
  };
  const { sessionId, deviceId, institutionNumber, onlineEligibilityCode, siteId, purpose, checkupDate, openedAt } = session;
  const opened = {
    sessionId,
    deviceId,
    siteId,
    stopId: stopOf(session),
    purpose,
    checkupDate,
    openedAt,
    ...(session.capturedAt ? { capturedAt: session.capturedAt } : {}),
    ...(session.linkedSessionId ? { linkedSessionId: session.linkedSessionId } : {}),
    ...(session.withoutVoucher ? { withoutVoucher: true } : {}),
  };
  return {
    state: session,
    // An institution's session keeps v2; v3 names an insurer running checkups itself by its code.
    events: [
      onlineEligibilityCode !== undefined
        ? draft(SessionOpenedV3, { ...opened, onlineEligibilityCode })
        : draft(SessionOpenedV2, { ...opened, institutionNumber: institutionNumber! }),
    ],
  };
}

/** The steps after opening; `deviceId`, when given, is the device asking (another device's session is not found). */
export type SessionCommand = { at: Date } & (
  | ({ kind: 'read-card'; deviceId?: string } & CardRead)
  | { kind: 'report-card-problem'; deviceId?: string; problem: CardProblem }
  | { kind: 'verify-identity'; deviceId?: string; checkedBy: string }
  | {
      kind: 'record-alternative';
      deviceId?: string;
      method: AlternativeMethodV2;
      eligibility: TranscribedEligibility;
      methodValidity?: MethodValidity;
    }
  | { kind: 'present-voucher'; deviceId?: string; voucher: PresentedVoucher }
  | { kind: 'cancel'; deviceId?: string; by: string; reason: string }
  | { kind: 'request-settlement'; deviceId?: string; requestedBy?: string }
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
  const stopId = stopOf(session);
  const at = command.at.toISOString();
  switch (command.kind) {
    case 'read-card': {
      const result = recordCardRead(session, command);
      const read =
        result.session.state === 'opened' || result.session.state === 'card-locked'
          ? []
          : [
              draft(SessionCardReadV2, {
                sessionId,
                identityCheck: command.identityCheck,
                ...(command.checkedBy ? { checkedBy: command.checkedBy } : {}),
                afterPinLock: result.session.afterPinLock === true,
                eligibilitySource: command.reported ? ('device-reported' as const) : ('card-reference' as const),
                stopId,
                readAt: at,
              }),
            ];
      return step(result, read, command.at);
    }
    case 'report-card-problem': {
      const next = recordCardProblem(session, command.problem, command.at);
      const { problem, nextSteps } = next.cardProblem!;
      return step(
        { session: next, requestEligibility: false },
        [draft(SessionCardProblemV1, { sessionId, problem, nextSteps, stopId, reportedAt: at })],
        command.at,
      );
    }
    case 'verify-identity': {
      const next = recordIdentityVerified(session, command.checkedBy, command.at);
      const event = draft(SessionIdentityVerifiedV1, {
        sessionId,
        method: 'mynumber-card-presented',
        checkedBy: command.checkedBy,
        stopId,
        verifiedAt: at,
      });
      // A finished session keeps its activity time: the step adds a record, it does not reopen it.
      return FINISHED.includes(session.state)
        ? { state: next, events: [event] }
        : step({ session: next, requestEligibility: false }, [event], command.at);
    }
    case 'record-alternative':
      return step(recordAlternative(session, command), [], command.at);
    case 'present-voucher': {
      const result = recordVoucher(session, command.voucher);
      // The announcement carries the voucher's identity and kind, never its 記号・番号.
      return step(
        result,
        [draft(SessionVoucherPresentedV3, { sessionId, voucher: voucherSummary(result.session.voucher!), stopId })],
        command.at,
      );
    }
    case 'cancel':
      return step(
        { session: cancel(session, command, command.at), requestEligibility: false },
        [draft(SessionCancelledV2, { sessionId, by: command.by, reason: command.reason, stopId, at })],
        command.at,
      );
    case 'request-settlement': {
      // Once per session: asking again (a resent tap, a second device screen) changes nothing.
      if (session.settlementRequest) return unchanged(session);
      const outcome = settleableOutcome(session);
      const settlementRequest = { requestedAt: at, ...(command.requestedBy ? { requestedBy: command.requestedBy } : {}) };
      return {
        // A finished session keeps its activity time: the request adds a record, it does not reopen it.
        state: { ...session, settlementRequest },
        events: [
          draft(SessionSettlementRequestedV1, {
            sessionId,
            deviceId: session.deviceId,
            siteId: session.siteId,
            stopId,
            outcome,
            ...settlementRequest,
          }),
        ],
      };
    }
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
          draft(SessionCompletedV4, {
            sessionId,
            outcome: command.outcome.kind,
            ...(source ? { source } : {}),
            stopId,
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
      return { state: expired, events: [draft(SessionExpiredV2, { sessionId, lastState: session.state, idleSeconds, stopId, at })] };
    }
  }
}

/**
 * The outcome a device may ask the desk to settle: a completed session's member-mismatch or
 * needs-manual-check (what voucher-matching's settlement accepts); anything else is refused.
 */
function settleableOutcome(session: Session): 'member-mismatch' | 'needs-manual-check' {
  const kind = session.state === 'completed' ? session.outcome?.kind : undefined;
  if (kind === 'member-mismatch' || kind === 'needs-manual-check') return kind;
  const what =
    kind === 'matched-after-settlement'
      ? 'its outcome was already settled'
      : kind
        ? `its outcome is ${kind}`
        : `it is ${session.state}, without an outcome`;
  throw new DomainError(
    'settlement-not-requestable',
    `Session ${session.sessionId} cannot be put on the settlement queue: ${what}; only member-mismatch and needs-manual-check are settled by staff.`,
    409,
  );
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
  const stopId = stopOf(session);
  const insurer = session.onlineEligibilityCode;
  const echo = {
    sessionId: session.sessionId,
    siteId: session.siteId,
    stopId,
    purpose: session.purpose,
    checkupDate: session.checkupDate,
    ...(session.voucher ? { voucher: session.voucher } : {}),
  };
  if (session.method && session.method !== 'mynumber-card') {
    const transcribedAt = at.toISOString();
    return [
      draft(SessionMethodRecordedV2, {
        sessionId: session.sessionId,
        method: session.method,
        capturedAt: session.capturedAt ?? transcribedAt,
        stopId,
      }),
      transcribedEvent(
        session,
        {
          method: session.method,
          eligibility: session.transcribed!,
          transcribedAt,
          ...(session.capturedAt ? { capturedAt: session.capturedAt } : {}),
        },
        echo,
      ),
    ];
  }
  const requested = {
    ...echo,
    deviceId: session.deviceId,
    identityCheck: session.identityCheck ?? 'pin',
    ...(session.reported ? { reported: session.reported } : { cardReference: session.cardReference! }),
  };
  // An institution's session keeps v3; v4 names an insurer running checkups itself by its code.
  return [
    insurer !== undefined
      ? draft(EligibilityRequestedV4, { ...requested, onlineEligibilityCode: insurer })
      : draft(EligibilityRequestedV3, {
          ...requested,
          institutionNumber: session.institutionNumber!,
          // 既存型: the 資格確認端末's query travels with the card reference (the lookup reads it for a terminal site only).
          ...(session.terminalQuery && !session.reported ? { terminalQuery: session.terminalQuery } : {}),
        }),
  ];
}

/** Only the operator's own field, so a session never carries the other one. */
export function operatorOf(ref: {
  institutionNumber?: string;
  onlineEligibilityCode?: string;
}): { institutionNumber: string } | { onlineEligibilityCode: string } {
  return ref.onlineEligibilityCode !== undefined
    ? { onlineEligibilityCode: ref.onlineEligibilityCode }
    : { institutionNumber: ref.institutionNumber! };
}

/** The transcription on the version that can name the session's operator (v4 for an insurer's session). */
function transcribedEvent(
  session: Session,
  rest: Omit<DataOf<typeof QualificationTranscribedV3>, 'request'>,
  echo: Omit<DataOf<typeof QualificationTranscribedV3>['request'], 'institutionNumber'>,
): EventDraft {
  return session.onlineEligibilityCode !== undefined
    ? draft(QualificationTranscribedV4, { ...rest, request: { ...echo, onlineEligibilityCode: session.onlineEligibilityCode } })
    : draft(QualificationTranscribedV3, { ...rest, request: { ...echo, institutionNumber: session.institutionNumber! } });
}
