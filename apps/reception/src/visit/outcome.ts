import type { SessionOutcome, SessionResponse } from '@hcv/contracts';

/** What the desk can do next after an outcome, each one tap on the result screen. */
export type NextStep =
  'next-visitor' | 're-enter-voucher' | 'alternative-document' | 're-read-card' | 'call-insurer' | 'request-settlement';

const MATCHED = new Set(['matched', 'matched-after-settlement', 'insurer-confirmed']);

export const isMatched = (outcome: Pick<SessionOutcome, 'kind'>) => MATCHED.has(outcome.kind);

/**
 * The next steps of an outcome, the most useful first (the reason sentence, `reasonJa`, says why).
 * A settleable outcome (needs-manual-check, member-mismatch) is settled by staff after calling the
 * insurer; a voucher problem is fixed by entering the voucher again; eligibility not found online
 * is retried with the card or shown with an alternative document.
 */
export function nextSteps(outcome: Pick<SessionOutcome, 'kind' | 'verifiedOnline'>): NextStep[] {
  switch (outcome.kind) {
    case 'matched':
    case 'matched-after-settlement':
    case 'insurer-confirmed':
      return ['next-visitor'];
    case 'member-mismatch':
    case 'needs-manual-check':
      return ['call-insurer', 'request-settlement', 'next-visitor'];
    case 'voucher-not-found':
    case 'voucher-differs-from-record':
    case 'voucher-kind-mismatch':
      return ['re-enter-voucher', 'call-insurer', 'next-visitor'];
    case 'no-qualification':
      return outcome.verifiedOnline === false
        ? ['alternative-document', 'call-insurer', 'next-visitor']
        : ['re-read-card', 'alternative-document', 'next-visitor'];
    case 'eligibility-lost':
    case 'changed-insurer':
    case 'insurer-mismatch':
      return ['call-insurer', 're-enter-voucher', 'next-visitor'];
    case 'voucher-expired':
    case 'voucher-not-yet-valid':
    case 'voucher-already-used':
    case 'not-contracted':
    case 'coordinator-mismatch':
    case 'guidance-level-not-covered':
      return ['call-insurer', 'next-visitor'];
  }
}

/** Eligibility not checked online (an alternative document, transcribed): the result carries the banner. */
export function notVerifiedOnline(session: Pick<SessionResponse, 'method' | 'outcome'>): boolean {
  if (session.outcome?.verifiedOnline === false) return true;
  return session.method !== undefined && session.method !== 'mynumber-card';
}

/** Terminal session states: the stream ends and the result screen shows. */
export const isFinished = (state: SessionResponse['state']) => state === 'completed' || state === 'cancelled' || state === 'expired';
