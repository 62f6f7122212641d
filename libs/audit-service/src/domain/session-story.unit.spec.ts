import type { AuditRecord } from './audit-record';
import { sessionStory } from './session-story';

const S = '0b7c6d5e-4f3a-4b2c-9d1e-0f1a2b3c4d5e';
let n = 0;
const rec = (type: string, data: Record<string, unknown>, time: string, subject = S): AuditRecord => ({
  id: `e${++n}`,
  type,
  version: 1,
  time,
  source: 'test',
  subject,
  correlationId: 'c',
  data,
  topic: `${type}.v1`,
  partition: 0,
  offset: String(n),
  recordedAt: time,
  facets: { sessionId: S },
});
const request = {
  sessionId: S,
  institutionNumber: '1321234567',
  siteId: 'bus-01',
  purpose: 'comprehensive-checkup',
  checkupDate: '2026-11-24',
  voucherNumber: '26001000001',
};

describe('the story of a session (who, where, how, why, what the national system said, which voucher, the outcome)', () => {
  it('tells an alternative method: no national lookup, the method and the transcribed request', () => {
    const story = sessionStory(S, [
      rec(
        'session.opened',
        {
          sessionId: S,
          deviceId: 'bus-01-dev-1',
          institutionNumber: '1321234567',
          siteId: 'bus-01',
          purpose: 'comprehensive-checkup',
          checkupDate: '2026-11-24',
          openedAt: '2026-11-24T00:00:00Z',
          stopId: 'stop-3',
        },
        '2026-11-24T00:00:00Z',
      ),
      rec(
        'session.method-recorded',
        { sessionId: S, method: 'eligibility-certificate', capturedAt: '2026-11-24T00:00:01Z' },
        '2026-11-24T00:00:01Z',
      ),
      rec(
        'qualification.transcribed',
        { request, method: 'eligibility-certificate', eligibility: { insurerNumber: '06139018' }, transcribedAt: '2026-11-24T00:00:02Z' },
        '2026-11-24T00:00:02Z',
      ),
      rec(
        'verification.outcome',
        {
          sessionId: S,
          outcome: 'matched',
          reason: 'ok',
          contractId: 'collective-A',
          decidedAt: '2026-11-24T00:00:03Z',
          voucherNumber: '26001000001',
        },
        '2026-11-24T00:00:03Z',
      ),
      rec(
        'session.completed',
        { sessionId: S, outcome: 'matched', completedAt: '2026-11-24T00:00:04Z', elapsedMillis: 4000 },
        '2026-11-24T00:00:04Z',
      ),
    ]);
    expect(story).toMatchObject({
      complete: true,
      deviceId: 'bus-01-dev-1',
      siteId: 'bus-01',
      stopId: 'stop-3',
      purpose: 'comprehensive-checkup',
      method: 'eligibility-certificate',
      nationalSystem: { status: 'not-asked (alternative method)' },
      voucherNumber: '26001000001',
      outcome: { kind: 'matched', contractId: 'collective-A' },
      elapsedMillis: 4000,
    });
    expect(story.timeline.map((t) => t.type)).toEqual([
      'session.opened',
      'session.method-recorded',
      'qualification.transcribed',
      'verification.outcome',
      'session.completed',
    ]);
  });

  it('tells a lost qualification, and who undid the voucher use and why', () => {
    const story = sessionStory(S, [
      rec(
        'qualification.resolved',
        { request, result: { status: 'lost', lostOn: '2026-10-01' }, resolvedAt: '2026-11-24T00:00:02Z', upstreamMillis: 80 },
        '2026-11-24T00:00:02Z',
      ),
      rec(
        'voucher.use-undone',
        { voucherNumber: '26001000001', sessionId: S, by: 'desk-2', reason: 'wrong visitor', at: '2026-11-24T01:00:00Z' },
        '2026-11-24T01:00:00Z',
        '26001000001',
      ),
    ]);
    expect(story.nationalSystem).toEqual({ status: 'lost', upstreamMillis: 80, resolvedAt: '2026-11-24T00:00:02Z', lostOn: '2026-10-01' });
    expect(story.undone).toEqual([{ by: 'desk-2', reason: 'wrong visitor', at: '2026-11-24T01:00:00Z' }]);
    expect(story.complete).toBe(false);
  });

  it('tells who cancelled, and that an expired session is over', () => {
    expect(
      sessionStory(S, [
        rec(
          'session.cancelled',
          { sessionId: S, by: 'desk-7', reason: 'visitor left', at: '2026-11-24T00:00:05Z' },
          '2026-11-24T00:00:05Z',
        ),
      ]),
    ).toMatchObject({ complete: true, cancelled: { by: 'desk-7', reason: 'visitor left' } });
    expect(
      sessionStory(S, [
        rec('session.expired', { sessionId: S, lastState: 'opened', idleSeconds: 300, at: '2026-11-24T00:05:00Z' }, '2026-11-24T00:05:00Z'),
      ]),
    ).toMatchObject({ complete: true, expired: true });
  });
});

describe('the story of a session in the v2/v3 events (the voucher as presented, the source, 窓口負担, a settlement)', () => {
  const presented = {
    insurerNumber: '06139018',
    voucherNumber: '26001000001',
    voucherKind: 'checkup',
    validUntil: '2027-03-31',
    copayments: { basic: { kind: 'fixed', amount: 1000 } },
    // as stored by audit: pseudonymised
    symbol: 'hmac:aaaa',
    number: 'hmac:bbbb',
  };
  const echo = { ...request, voucherNumber: undefined, voucher: presented };
  const collect = { lines: [{ part: 'basic', copayment: { kind: 'fixed', amount: 1000 }, yen: 1000 }], totalYen: 1000 };
  const outcome = (over: Record<string, unknown>) => ({
    sessionId: S,
    institutionNumber: '1321234567',
    siteId: 'bus-01',
    voucher: { insurerNumber: '06139018', voucherNumber: '26001000001' },
    reason: 'r',
    reasonJa: 'r-ja',
    source: 'online',
    method: 'mynumber-card',
    verifiedOnline: true,
    comparedSources: ['presented-voucher', 'online-eligibility', 'contract'],
    decidedAt: '2026-11-24T00:00:03Z',
    ...over,
  });

  it('tells the voucher key, who answered online, and the 窓口負担 collected — never the 記号・番号', () => {
    const story = sessionStory(S, [
      rec(
        'session.voucher-presented',
        {
          sessionId: S,
          voucher: { insurerNumber: '06139018', voucherNumber: '26001000001', voucherKind: 'checkup', validUntil: '2027-03-31' },
        },
        '2026-11-24T00:00:01Z',
      ),
      rec(
        'qualification.resolved',
        {
          request: echo,
          result: { status: 'eligible' },
          answeredBy: 'device-reported',
          resolvedAt: '2026-11-24T00:00:02Z',
          upstreamMillis: 50,
        },
        '2026-11-24T00:00:02Z',
      ),
      rec('verification.outcome', outcome({ outcome: 'matched', collect, covers: { parts: ['basic'] } }), '2026-11-24T00:00:03Z'),
    ]);
    expect(story.voucher).toEqual({
      insurerNumber: '06139018',
      voucherNumber: '26001000001',
      voucherKind: 'checkup',
      validUntil: '2027-03-31',
    });
    expect(story.voucherNumber).toBe('26001000001');
    expect(story.eligibilityCheck).toEqual({
      source: 'online',
      method: 'mynumber-card',
      answeredBy: 'device-reported',
      verifiedOnline: true,
    });
    expect(story.outcome).toMatchObject({ kind: 'matched', reasonJa: 'r-ja', verifiedOnline: true, collect, covers: { parts: ['basic'] } });
    expect(JSON.stringify({ ...story, timeline: [] })).not.toContain('hmac:');
  });

  it('tells a transcribed check as not verified online, and a settlement superseding the outcome it settled', () => {
    const story = sessionStory(S, [
      rec(
        'qualification.transcribed',
        {
          request: echo,
          method: 'eligibility-certificate',
          eligibility: { insurerNumber: '06139018' },
          transcribedAt: '2026-11-24T00:00:02Z',
        },
        '2026-11-24T00:00:02Z',
      ),
      rec(
        'verification.outcome',
        outcome({
          outcome: 'member-mismatch',
          mismatchedField: 'name',
          source: 'transcribed',
          verifiedOnline: false,
          method: 'eligibility-certificate',
        }),
        '2026-11-24T00:00:03Z',
      ),
      rec(
        'session.completed',
        { sessionId: S, outcome: 'member-mismatch', source: 'transcribed', completedAt: '2026-11-24T00:00:04Z', elapsedMillis: 4000 },
        '2026-11-24T00:00:04Z',
      ),
      rec(
        'verification.outcome',
        outcome({
          outcome: 'matched-after-settlement',
          source: 'transcribed',
          verifiedOnline: false,
          method: 'eligibility-certificate',
          collect,
          settlement: { kind: 'same-person', by: 'operator-3', at: '2026-11-24T01:00:00Z', reason: '異体字 髙/高' },
          decidedAt: '2026-11-24T01:00:00Z',
        }),
        '2026-11-24T01:00:00Z',
      ),
    ]);
    expect(story.eligibilityCheck).toEqual({ source: 'transcribed', method: 'eligibility-certificate', verifiedOnline: false });
    expect(story.voucher).toMatchObject({ insurerNumber: '06139018', voucherNumber: '26001000001' });
    expect(story.outcome).toMatchObject({
      kind: 'matched-after-settlement',
      verifiedOnline: false,
      collect,
      settlement: { kind: 'same-person', by: 'operator-3', at: '2026-11-24T01:00:00Z' },
      settledFrom: 'member-mismatch',
    });
    // the reason a staff member gave stays in the records, not in the story
    expect(JSON.stringify(story.outcome)).not.toContain('異体字');
    expect(story.complete).toBe(true);
  });
});

describe('the story of a session as 資格確認限定型 tells it (who checked and how, the stop, card problems, 人間ドック)', () => {
  const at = (s: number) => `2026-11-24T00:00:0${s}Z`;
  const v = (type: string, version: number, data: Record<string, unknown>, time: string) => ({
    ...rec(type, data, time),
    version,
    topic: `${type}.v${version}`,
  });

  it('tells a PIN lock followed by 目視確認: how, by whom, after the lock, the stop and the device-reported answer', () => {
    const story = sessionStory(S, [
      v('session.opened', 2, { ...request, voucherNumber: undefined, deviceId: 'bus-01-tab-1', stopId: 'stop-2', openedAt: at(0) }, at(0)),
      v(
        'session.card-read',
        2,
        {
          sessionId: S,
          identityCheck: 'visual',
          checkedBy: 'staff-sato',
          afterPinLock: true,
          eligibilitySource: 'device-reported',
          stopId: 'stop-2',
          readAt: at(1),
        },
        at(1),
      ),
      v(
        'qualification.resolved',
        3,
        {
          request: { ...request, voucherNumber: undefined, stopId: 'stop-2' },
          result: { status: 'eligible' },
          answeredBy: 'device-reported',
          resolvedAt: at(2),
          upstreamMillis: 0,
        },
        at(2),
      ),
    ]);
    expect(story).toMatchObject({
      stopId: 'stop-2',
      identityCheck: 'visual',
      checkedBy: 'staff-sato',
      afterPinLock: true,
      eligibilitySource: 'device-reported',
      eligibilityCheck: { source: 'online', answeredBy: 'device-reported', verifiedOnline: true },
    });
  });

  it('tells a card problem with the desk’s next steps', () => {
    const story = sessionStory(S, [
      v(
        'session.card-problem',
        1,
        {
          sessionId: S,
          problem: 'certificate-expired',
          nextSteps: ['renew-card-at-municipality', 'present-alternative-document'],
          stopId: 'stop-2',
          reportedAt: at(1),
        },
        at(1),
      ),
    ]);
    expect(story.cardProblem).toEqual({
      problem: 'certificate-expired',
      nextSteps: ['renew-card-at-municipality', 'present-alternative-document'],
      reportedAt: at(1),
    });
    expect(story.stopId).toBe('stop-2');
  });

  it('tells a 人間ドック without a voucher: insurer confirmed — not an identity check, and the identity step with who did it', () => {
    const story = sessionStory(S, [
      v(
        'session.opened',
        2,
        { ...request, voucherNumber: undefined, deviceId: 'd', stopId: 'hall', openedAt: at(0), withoutVoucher: true },
        at(0),
      ),
      v(
        'session.identity-verified',
        1,
        { sessionId: S, method: 'mynumber-card-presented', checkedBy: 'staff-tanaka', stopId: 'hall', verifiedAt: at(2) },
        at(2),
      ),
      v(
        'verification.outcome',
        3,
        {
          sessionId: S,
          institutionNumber: '1321234567',
          siteId: 'bus-01',
          outcome: 'insurer-confirmed',
          reason: 'The visitor’s insurer has a contract: insurer confirmed — not an identity check (本人確認ではありません).',
          reasonJa: '保険者を確認しました（本人確認ではありません）。',
          source: 'online',
          method: 'mynumber-card',
          verifiedOnline: true,
          comparedSources: ['online-eligibility', 'contract'],
          decidedAt: at(3),
        },
        at(3),
      ),
      v(
        'session.completed',
        4,
        { sessionId: S, outcome: 'insurer-confirmed', source: 'online', stopId: 'hall', completedAt: at(4), elapsedMillis: 4000 },
        at(4),
      ),
    ]);
    expect(story).toMatchObject({
      complete: true,
      withoutVoucher: true,
      insurerOnly: 'insurer confirmed — not an identity check (本人確認ではありません)',
      identityVerified: { method: 'mynumber-card-presented', checkedBy: 'staff-tanaka', verifiedAt: at(2) },
      outcome: { kind: 'insurer-confirmed' },
    });
    expect(story).not.toHaveProperty('voucher');
  });
});

describe('the story of a session on an insurer’s own device (保険者の直営)', () => {
  it('names the insurer by its code, never as an institution number', () => {
    const story = sessionStory(S, [
      rec(
        'session.opened',
        {
          sessionId: S,
          deviceId: 'hall-pc-1',
          onlineEligibilityCode: 'KENPO0422',
          siteId: 'hall',
          stopId: 'hall',
          purpose: 'specific-checkup',
          checkupDate: '2026-11-24',
          openedAt: '2026-11-24T09:00:00Z',
        },
        '2026-11-24T09:00:00Z',
      ),
    ]);
    expect(story).toMatchObject({ deviceId: 'hall-pc-1', onlineEligibilityCode: 'KENPO0422', siteId: 'hall' });
    expect(story).not.toHaveProperty('institutionNumber');
  });
});
