import type { SessionResponse } from '@hcv/contracts';
import { initialVisit, persistable, retryStart, visitReducer, type VisitState } from './visit-state';

const view = (patch: Partial<SessionResponse>): SessionResponse => ({
  sessionId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  deviceId: 'desk-01',
  siteId: 'site-01',
  stopId: 'site-01',
  purpose: 'specific-checkup',
  checkupDate: '2026-12-06',
  state: 'opened',
  correlationId: 'c-1',
  pinFailures: 0,
  openedAt: '2026-12-06T10:00:00.000+09:00',
  ...patch,
});

const started = (): VisitState =>
  visitReducer(initialVisit(), { type: 'start', purpose: 'specific-checkup', captured: false, at: '2026-12-06T10:00:00+09:00' });

describe('the visit, screen by screen', () => {
  it('follows the session: identity → voucher → waiting → result', () => {
    let s = visitReducer(started(), { type: 'session', session: view({}) });
    expect([s.screen, s.identityMode]).toEqual(['identity', 'card']);
    s = visitReducer(s, { type: 'session', session: view({ state: 'card-read', method: 'mynumber-card' }) });
    expect(s.screen).toBe('voucher');
    s = visitReducer(s, { type: 'session', session: view({ state: 'eligibility-requested' }) });
    expect(s.screen).toBe('waiting');
    s = visitReducer(s, { type: 'session', session: view({ state: 'completed' }) });
    expect(s.screen).toBe('result');
    // a late view of an earlier state does not move a finished visit back
    expect(visitReducer(s, { type: 'session', session: view({ state: 'eligibility-requested' }) }).screen).toBe('result');
  });

  it('after a PIN lock offers the 目視確認; a card problem shows its next steps', () => {
    const locked = visitReducer(started(), { type: 'session', session: view({ state: 'card-locked', pinFailures: 3 }) });
    expect([locked.screen, locked.identityMode]).toEqual(['identity', 'visual']);
    const problem = visitReducer(started(), {
      type: 'session',
      session: view({
        cardProblem: {
          problem: 'unreadable',
          nextSteps: ['re-read-card'],
          reason: 'r',
          reasonJa: 'r',
          reportedAt: '2026-12-06T10:00:00+09:00',
        },
      }),
    });
    expect(problem.identityMode).toBe('problem');
  });

  it('captures offline with a document only, and clears the visit once queued', () => {
    let s = visitReducer(initialVisit(), { type: 'start', purpose: 'specific-checkup', captured: true, at: '2026-12-06T10:00:00+09:00' });
    expect([s.screen, s.identityMode, s.capturedAt]).toEqual(['identity', 'alternative', '2026-12-06T10:00:00+09:00']);
    s = visitReducer(s, { type: 'edit-alternative', patch: { name: '山田 太郎' } });
    s = visitReducer(s, { type: 'captured-identity' });
    expect(s.screen).toBe('voucher');
    s = visitReducer(s, { type: 'queued', key: 'k-1' });
    expect(s.screen).toBe('queued');
    expect(s.alternative.name).toBe('');
  });

  it('keeps no personal data once the visit has a result, and nothing after the next visitor', () => {
    let s = visitReducer(started(), { type: 'edit-reported', patch: { name: '山田 太郎' } });
    s = visitReducer(s, { type: 'session', session: view({}) });
    expect(JSON.stringify(persistable(s))).toContain('山田 太郎'); // the draft survives a reload
    s = visitReducer(s, { type: 'session', session: view({ state: 'completed' }) });
    expect(persistable(s)).toEqual({ screen: 'result', sessionId: '0f8fad5b-d9cb-469f-a165-70867728950e' });
    expect(persistable(visitReducer(s, { type: 'next-visitor' }))).toBeUndefined();
  });

  it('starts the one-tap retries on the right path, the voucher as typed kept', () => {
    let s = visitReducer(started(), { type: 'edit-voucher', patch: { voucherNumber: '26000001234' } });
    s = visitReducer(s, { type: 'session', session: view({ state: 'completed' }) });
    const again = visitReducer(s, retryStart(s, 'alternative-document', '2026-12-06T10:10:00+09:00')!);
    expect([again.screen, again.identityMode, again.voucher.voucherNumber, again.session]).toEqual([
      'identity',
      'alternative',
      '26000001234',
      undefined,
    ]);
    expect(retryStart(s, 'call-insurer', 'x')).toBeUndefined();
  });
});
