import type { SessionResponse } from '@hcv/contracts';
import { emptyAlternativeDraft, emptyReportedDraft, type AlternativeDraft, type ReportedDraft } from './identity-form';
import type { NextStep } from './outcome';
import { isFinished } from './outcome';
import type { Purpose } from './purpose';
import { emptyVoucherDraft, type VoucherDraft } from './voucher-form';

/**
 * One visitor's visit at the desk, screen by screen: purpose → identity → voucher → waiting →
 * result (or, offline, → queued). Online, the screen follows the session as card-session returns it
 * (its state, PIN failures, card problem); offline (a bus between stops), the visit is captured
 * locally — an alternative document and the voucher — and queued.
 */
export type Screen = 'purpose' | 'identity' | 'voucher' | 'waiting' | 'result' | 'queued';

/** Which identity path the desk is on: the card (PIN, as the national app showed), 目視確認, a card problem, or an alternative document. */
export type IdentityMode = 'card' | 'visual' | 'problem' | 'alternative';

export interface VisitState {
  screen: Screen;
  purpose?: Purpose;
  stopId?: string;
  /** Captured offline: no session yet; sent from the queue later. */
  captured: boolean;
  capturedAt?: string;
  session?: SessionResponse;
  identityMode: IdentityMode;
  reported: ReportedDraft;
  alternative: AlternativeDraft;
  /** The staff member doing a 目視確認. */
  staff: string;
  voucher: VoucherDraft;
  /** A queued (captured) visit's idempotency key, shown on the queued screen. */
  queuedKey?: string;
}

export type VisitAction =
  | { type: 'start'; purpose: Purpose; stopId?: string; captured: boolean; at: string; keepVoucher?: boolean; mode?: IdentityMode }
  | { type: 'session'; session: SessionResponse }
  | { type: 'identity-mode'; mode: IdentityMode }
  | { type: 'edit-reported'; patch: Partial<ReportedDraft> }
  | { type: 'edit-alternative'; patch: Partial<AlternativeDraft> }
  | { type: 'edit-staff'; value: string }
  | { type: 'edit-voucher'; patch: Partial<VoucherDraft> }
  | { type: 'captured-identity' }
  | { type: 'captured-back' }
  | { type: 'queued'; key: string }
  | { type: 'next-visitor' }
  | { type: 'restore'; state: VisitState };

export function initialVisit(): VisitState {
  return {
    screen: 'purpose',
    captured: false,
    identityMode: 'card',
    reported: emptyReportedDraft(),
    alternative: emptyAlternativeDraft(),
    staff: '',
    voucher: emptyVoucherDraft('specific-checkup'),
  };
}

/** The screen and identity path a session view calls for. */
export function screenFor(session: SessionResponse, current: VisitState): Pick<VisitState, 'screen' | 'identityMode'> {
  const mode = current.identityMode;
  switch (session.state) {
    case 'opened':
      if (session.cardProblem && mode === 'card') return { screen: 'identity', identityMode: 'problem' };
      return { screen: 'identity', identityMode: mode };
    case 'card-locked':
      // The PIN can no longer confirm the holder: a 目視確認, or an alternative document.
      return { screen: 'identity', identityMode: mode === 'alternative' ? 'alternative' : 'visual' };
    case 'card-read':
    case 'alternative-recorded':
      return { screen: session.withoutVoucher ? 'waiting' : 'voucher', identityMode: mode };
    case 'eligibility-requested':
      return { screen: 'waiting', identityMode: mode };
    case 'completed':
    case 'cancelled':
    case 'expired':
      return { screen: 'result', identityMode: mode };
  }
}

export function visitReducer(state: VisitState, action: VisitAction): VisitState {
  switch (action.type) {
    case 'start': {
      const fresh = initialVisit();
      return {
        ...fresh,
        purpose: action.purpose,
        ...(action.stopId ? { stopId: action.stopId } : {}),
        captured: action.captured,
        ...(action.captured ? { capturedAt: action.at } : {}),
        screen: 'identity',
        // Offline only a document can show eligibility (a card read is online only).
        identityMode: action.captured ? 'alternative' : (action.mode ?? 'card'),
        staff: state.staff,
        voucher: action.keepVoucher && state.purpose === action.purpose ? state.voucher : emptyVoucherDraft(action.purpose),
      };
    }
    case 'session': {
      // A view of another session (a stale stream) never moves this visit.
      if (state.session && state.session.sessionId !== action.session.sessionId) return state;
      // Never go back from a finished visit to an earlier screen because an older view arrived late.
      if (state.session && isFinished(state.session.state) && !isFinished(action.session.state)) return state;
      return { ...state, session: action.session, ...screenFor(action.session, state) };
    }
    case 'identity-mode':
      return { ...state, identityMode: action.mode };
    case 'edit-reported':
      return { ...state, reported: { ...state.reported, ...action.patch } };
    case 'edit-alternative':
      return { ...state, alternative: { ...state.alternative, ...action.patch } };
    case 'edit-staff':
      return { ...state, staff: action.value };
    case 'edit-voucher':
      return { ...state, voucher: { ...state.voucher, ...action.patch } };
    case 'captured-identity':
      return state.captured ? { ...state, screen: 'voucher' } : state;
    case 'captured-back':
      return state.captured ? { ...state, screen: 'identity' } : state;
    case 'queued':
      return { ...initialVisit(), screen: 'queued', queuedKey: action.key, staff: state.staff };
    case 'next-visitor':
      return { ...initialVisit(), staff: state.staff };
    case 'restore':
      return action.state;
  }
}

/**
 * What is kept across a reload: the whole draft while the visit is under way (encrypted at rest);
 * once it has a result, only the session id to read it again — no personal data remains.
 */
export function persistable(state: VisitState): VisitState | { screen: 'result'; sessionId: string } | undefined {
  if (state.screen === 'purpose' || state.screen === 'queued') return undefined;
  if (state.screen === 'result') return state.session ? { screen: 'result', sessionId: state.session.sessionId } : undefined;
  return state;
}

/** The step a result's one-tap action starts: a new visit with the same purpose, on the right path. */
export function retryStart(state: VisitState, step: NextStep, at: string): VisitAction | undefined {
  if (!state.purpose) return undefined;
  const base = { type: 'start' as const, purpose: state.purpose, captured: false, at, ...(state.stopId ? { stopId: state.stopId } : {}) };
  switch (step) {
    case 're-enter-voucher':
      return { ...base, keepVoucher: true };
    case 'alternative-document':
      return { ...base, keepVoucher: true, mode: 'alternative' };
    case 're-read-card':
      return { ...base, keepVoucher: true, mode: 'card' };
    case 'next-visitor':
    case 'call-insurer':
    case 'request-settlement':
      return undefined;
  }
}
