import { anOpenedSession, aPresentedVoucher } from '@hcv/testing';
import { decideSession, openSession, recordCardRead, type Session } from './session.decide';
import { sessionView } from './session-view';

const at = new Date('2026-11-24T09:05:00.000Z');
const opened: Session = anOpenedSession();
const voucher = aPresentedVoucher();
const reported = {
  validity: 'valid' as const,
  insurerNumber: '０６１３９０１８',
  symbol: '1234',
  number: '0012345',
  branch: '00',
  name: '佐藤　太郎',
  birthDate: '1970-05-01',
  confirmedAt: '2026-11-24T09:04:30+09:00',
};
const topics = (d: { events: readonly { contract: { topic: string } }[] }) => d.events.map((e) => e.contract.topic);
const dataOf = (d: { events: readonly { contract: { topic: string }; data: unknown }[] }, topic: string) =>
  d.events.find((e) => e.contract.topic === topic)?.data as Record<string, unknown>;
const failure = (fn: () => unknown) => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error as { code: string; status: number; field?: string; message: string };
  }
};
const locked = (s: Session = opened): Session => {
  let next = s;
  for (let i = 0; i < 3; i++) next = recordCardRead(next, { identityCheck: 'pin', pinVerified: false }).session;
  return next;
};

describe('the device-reported answer (資格確認限定型)', () => {
  it('forwards what the national app showed in eligibility.requested v3, insurer number normalised, and keeps none of it after', () => {
    const d = decideSession({ kind: 'read-card', identityCheck: 'pin', pinVerified: true, reported, at }, { ...opened, voucher });
    expect(topics(d)).toEqual(['session.card-read.v2', 'eligibility.requested.v3']);
    expect(dataOf(d, 'eligibility.requested.v3')).toMatchObject({
      identityCheck: 'pin',
      stopId: opened.siteId,
      reported: { ...reported, insurerNumber: '06139018' },
      voucher,
    });
    expect(dataOf(d, 'eligibility.requested.v3')).not.toHaveProperty('cardReference');
    expect(dataOf(d, 'session.card-read.v2')).toMatchObject({ eligibilitySource: 'device-reported', afterPinLock: false });
    // Personal data only in the request: never in the card-read event, nor in the stored session.
    expect(JSON.stringify(dataOf(d, 'session.card-read.v2'))).not.toContain('佐藤');
    expect(d.state).not.toHaveProperty('reported');
    expect(JSON.stringify(d.state)).not.toContain('佐藤');
  });

  it('refuses a reported insurer number with a wrong check digit', () => {
    expect(
      failure(
        () => recordCardRead(opened, { identityCheck: 'pin', pinVerified: true, reported: { ...reported, insurerNumber: '06139012' } }), // wrong check digit
      ),
    ).toMatchObject({
      code: 'invalid-insurer-number',
      field: 'reported.insurerNumber',
    });
  });

  it('keeps the card reference path for the simulator and the 既存型 bridge, and refuses both or neither', () => {
    const d = decideSession(
      { kind: 'read-card', identityCheck: 'pin', pinVerified: true, cardReference: 'card-000001-0a1b2c3d', at },
      { ...opened, voucher },
    );
    expect(dataOf(d, 'eligibility.requested.v3')).toMatchObject({ cardReference: 'card-000001-0a1b2c3d' });
    expect(dataOf(d, 'session.card-read.v2')).toMatchObject({ eligibilitySource: 'card-reference' });
    expect(failure(() => recordCardRead(opened, { identityCheck: 'pin', pinVerified: true }))?.code).toBe('invalid-request');
    expect(
      failure(() => recordCardRead(opened, { identityCheck: 'pin', pinVerified: true, reported, cardReference: 'card-000001-0a1b2c3d' }))
        ?.code,
    ).toBe('invalid-request');
  });

  it('carries a 既存型 site’s terminal query with the card reference into eligibility.requested v3, and keeps none of it after', () => {
    const terminalQuery = { insurerNumber: '06139018', symbol: '77', number: '8899', branch: '02', birthDate: '1961-02-03' };
    // Read before the voucher: the query waits in the session for the request, then is dropped with the card reference.
    const read = recordCardRead(opened, {
      identityCheck: 'visual',
      checkedBy: 'staff-1',
      cardReference: 'card-000001-0a1b2c3d',
      terminalQuery,
    });
    expect(read).toMatchObject({ requestEligibility: false, session: { terminalQuery } });
    const d = decideSession({ kind: 'present-voucher', voucher, at }, read.session);
    expect(dataOf(d, 'eligibility.requested.v3')).toMatchObject({
      cardReference: 'card-000001-0a1b2c3d',
      terminalQuery,
      identityCheck: 'visual',
    });
    expect(d.state).not.toHaveProperty('terminalQuery');
    expect(JSON.stringify(d.state)).not.toContain('1961-02-03');
    for (const e of d.events.filter((e) => e.contract.topic !== 'eligibility.requested.v3'))
      expect(JSON.stringify(e.data)).not.toContain('1961-02-03');
    // A 人間ドック without a voucher asks at the card read, its query naming the insurer and 記号・番号 itself.
    const dock = decideSession(
      { kind: 'read-card', identityCheck: 'pin', pinVerified: true, cardReference: 'card-000001-0a1b2c3d', terminalQuery, at },
      { ...opened, purpose: 'comprehensive-checkup', withoutVoucher: true },
    );
    expect(dataOf(dock, 'eligibility.requested.v3')).toMatchObject({ terminalQuery });
    expect(dataOf(dock, 'eligibility.requested.v3')).not.toHaveProperty('voucher');
  });

  it('refuses a terminal query without a card reference, and a query insurer number with a wrong check digit', () => {
    const terminalQuery = { birthDate: '1961-02-03' };
    expect(failure(() => recordCardRead(opened, { identityCheck: 'pin', pinVerified: true, reported, terminalQuery }))).toMatchObject({
      code: 'invalid-request',
      field: 'terminalQuery',
    });
    expect(
      failure(() =>
        recordCardRead(opened, {
          identityCheck: 'pin',
          pinVerified: true,
          cardReference: 'card-000001-0a1b2c3d',
          terminalQuery: { ...terminalQuery, insurerNumber: '06139012' }, // wrong check digit
        }),
      ),
    ).toMatchObject({ code: 'invalid-insurer-number', field: 'terminalQuery.insurerNumber' });
  });

  it('counts failed PINs without a card reference against the session’s card', () => {
    expect(locked()).toMatchObject({ state: 'card-locked', pinFailures: 3 });
  });
});

describe('identity: PIN lock, 目視確認 with the staff member, 顔認証', () => {
  it('after a PIN lock refuses the PIN but takes a 目視確認 naming the staff member, announced with who and how', () => {
    const s = { ...locked(), voucher };
    expect(failure(() => recordCardRead(s, { identityCheck: 'pin', pinVerified: true, reported }))).toMatchObject({
      code: 'card-pin-locked',
      status: 409,
    });
    const d = decideSession({ kind: 'read-card', identityCheck: 'visual', checkedBy: 'staff-suzuki', reported, at }, s);
    expect(d.state.state).toBe('eligibility-requested');
    expect(dataOf(d, 'session.card-read.v2')).toEqual({
      sessionId: opened.sessionId,
      identityCheck: 'visual',
      checkedBy: 'staff-suzuki',
      afterPinLock: true,
      eligibilitySource: 'device-reported',
      stopId: opened.siteId,
      readAt: at.toISOString(),
    });
    expect(dataOf(d, 'eligibility.requested.v3')).toMatchObject({ identityCheck: 'visual' });
  });

  it('refuses a 目視確認 without the staff member who did it', () => {
    expect(failure(() => recordCardRead(locked(), { identityCheck: 'visual', reported }))).toMatchObject({
      code: 'checked-by-required',
      field: 'checkedBy',
    });
  });

  it('takes 顔認証 at a 既存型 reader, before or after a lock', () => {
    expect(recordCardRead(opened, { identityCheck: 'face', cardReference: 'card-000001-0a1b2c3d' }).session).toMatchObject({
      state: 'card-read',
      identityCheck: 'face',
    });
    expect(recordCardRead(locked(), { identityCheck: 'face', reported }).session).toMatchObject({
      identityCheck: 'face',
      afterPinLock: true,
    });
  });

  it('a locked card’s view offers 目視確認, 顔認証 and the alternatives valid on the checkup date', () => {
    const view = sessionView(locked());
    expect(view.identityChecks).toEqual(['visual', 'face']);
    expect(view.alternativeMethods).toEqual(['mynaportal-screen', 'myna-card-with-notice', 'eligibility-certificate']);
  });
});

describe('card problems told apart', () => {
  it.each([
    ['not-registered', ['present-alternative-document'], /利用登録/],
    ['certificate-expired', ['renew-card-at-municipality', 'present-alternative-document'], /有効期限/],
    ['certificate-revoked', ['renew-card-at-municipality', 'present-alternative-document'], /失効/],
    ['unreadable', ['re-read-card', 'present-alternative-document'], /もう一度読み取って/],
  ] as const)('%s: recorded with its next steps, announced, shown in both languages; the session stays open', (problem, nextSteps, ja) => {
    const d = decideSession({ kind: 'report-card-problem', problem, at }, opened);
    expect(topics(d)).toEqual(['session.card-problem.v1']);
    expect(dataOf(d, 'session.card-problem.v1')).toEqual({
      sessionId: opened.sessionId,
      problem,
      nextSteps,
      stopId: opened.siteId,
      reportedAt: at.toISOString(),
    });
    expect(d.state.state).toBe('opened');
    const view = sessionView(d.state);
    expect(view.cardProblem).toMatchObject({ problem, nextSteps, reportedAt: at.toISOString() });
    expect(view.cardProblem?.reason).toMatch(/[a-z]/);
    expect(view.cardProblem?.reasonJa).toMatch(ja);
    expect(view.alternativeMethods).toContain('eligibility-certificate');
  });

  it('a re-read after an unreadable card clears the problem; an alternative is taken after any problem', () => {
    const problem = decideSession({ kind: 'report-card-problem', problem: 'unreadable', at }, opened).state;
    expect(recordCardRead(problem, { identityCheck: 'pin', pinVerified: true, reported }).session).not.toHaveProperty('cardProblem');
    const expired = decideSession({ kind: 'report-card-problem', problem: 'certificate-expired', at }, { ...opened, voucher }).state;
    const eligibility = { insurerNumber: '06139018', symbol: '1234', number: '0012345', name: '佐藤 太郎', birthDate: '1970-05-01' };
    const alt = decideSession({ kind: 'record-alternative', method: 'eligibility-certificate', eligibility, at }, expired);
    expect(alt.state.state).toBe('eligibility-requested');
  });
});

describe('methods with dates at recording', () => {
  const eligibility = { insurerNumber: '06139018', symbol: '1234', number: '0012345', name: '佐藤 太郎', birthDate: '1970-05-01' };

  it('takes the paper 被保険者証 for a checkup date up to 2025-12-01 and announces it with qualification.transcribed v3', () => {
    const s = { ...opened, checkupDate: '2025-11-20', voucher };
    const d = decideSession({ kind: 'record-alternative', method: 'health-insurance-card', eligibility, at }, s);
    expect(topics(d)).toEqual(['session.method-recorded.v2', 'qualification.transcribed.v3']);
    expect(dataOf(d, 'qualification.transcribed.v3')).toMatchObject({
      method: 'health-insurance-card',
      request: { stopId: opened.siteId },
    });
  });

  it('refuses it for a later checkup date unless the grace covers the insurer', () => {
    expect(
      failure(() => decideSession({ kind: 'record-alternative', method: 'health-insurance-card', eligibility, at }, opened)),
    ).toMatchObject({
      code: 'method-not-valid-on-date',
    });
    const grace = {
      healthInsuranceCardUntil: '2025-12-01',
      healthInsuranceCardGraceUntil: '2026-12-31',
      mynaportalScreenFrom: '2024-01-31',
      mynaCardWithNoticeFrom: '2024-12-02',
      eligibilityCertificateFrom: '2024-12-02',
    };
    const kokuho = { ...eligibility, insurerNumber: '131011' };
    expect(
      decideSession({ kind: 'record-alternative', method: 'health-insurance-card', eligibility: kokuho, methodValidity: grace, at }, opened)
        .state.state,
    ).toBe('alternative-recorded');
  });
});

describe('人間ドック: insurer only, and the My Number card identity step', () => {
  const dock = (over: Partial<Session> = {}): Session => ({ ...opened, purpose: 'comprehensive-checkup', withoutVoucher: true, ...over });

  it('opens without a voucher only for a 人間ドック', () => {
    const base = {
      sessionId: opened.sessionId,
      device: { deviceId: 'dev-1', institutionNumber: opened.institutionNumber, siteId: 'site-1' },
      correlationId: 'c',
      at,
    };
    expect(openSession({ ...base, purpose: 'comprehensive-checkup', withoutVoucher: true }).events[0]!.data).toMatchObject({
      withoutVoucher: true,
      stopId: 'site-1',
    });
    expect(failure(() => openSession({ ...base, purpose: 'specific-checkup', withoutVoucher: true }))).toMatchObject({
      code: 'voucher-required-for-purpose',
    });
  });

  it('requests eligibility at the card read without a voucher', () => {
    const d = decideSession({ kind: 'read-card', identityCheck: 'pin', pinVerified: true, reported, at }, dock());
    expect(d.state.state).toBe('eligibility-requested');
    expect(dataOf(d, 'eligibility.requested.v3')).not.toHaveProperty('voucher');
    expect(dataOf(d, 'eligibility.requested.v3')).toMatchObject({ purpose: 'comprehensive-checkup' });
  });

  it('records the identity verified with the My Number card once, with who checked, even after the outcome', () => {
    const d = decideSession({ kind: 'verify-identity', checkedBy: 'staff-tanaka', at }, dock({ state: 'completed' }));
    expect(topics(d)).toEqual(['session.identity-verified.v1']);
    expect(dataOf(d, 'session.identity-verified.v1')).toEqual({
      sessionId: opened.sessionId,
      method: 'mynumber-card-presented',
      checkedBy: 'staff-tanaka',
      stopId: opened.siteId,
      verifiedAt: at.toISOString(),
    });
    expect(sessionView(d.state).identityVerification).toEqual({
      method: 'mynumber-card-presented',
      checkedBy: 'staff-tanaka',
      verifiedAt: at.toISOString(),
    });
    expect(failure(() => decideSession({ kind: 'verify-identity', checkedBy: 'x', at }, d.state))?.code).toBe('session-state-conflict');
    expect(failure(() => decideSession({ kind: 'verify-identity', checkedBy: 'x', at }, opened))?.code).toBe(
      'identity-step-not-applicable',
    );
  });
});

describe('buses: captured visits and the stop', () => {
  it('refuses a card read in a captured session: 限定型 is online only', () => {
    const captured = { ...opened, capturedAt: '2026-11-24T08:30:00.000Z' };
    expect(failure(() => recordCardRead(captured, { identityCheck: 'pin', pinVerified: true, reported }))).toMatchObject({
      code: 'card-read-needs-online',
      status: 422,
    });
  });

  it('names the stop given at opening on every session event', () => {
    const { state, events } = openSession({
      sessionId: opened.sessionId,
      device: { deviceId: 'bus-01-tab-1', institutionNumber: opened.institutionNumber, siteId: 'bus-01' },
      purpose: 'specific-checkup',
      stopId: 'stop-2',
      linkedSessionId: '5d1c7a6e-0b2f-4c3d-8e9f-1a2b3c4d5e6f',
      correlationId: 'c',
      at,
    });
    expect(events[0]!.data).toMatchObject({ stopId: 'stop-2', linkedSessionId: '5d1c7a6e-0b2f-4c3d-8e9f-1a2b3c4d5e6f' });
    const steps = [
      decideSession({ kind: 'present-voucher', voucher, at }, state),
      decideSession({ kind: 'report-card-problem', problem: 'unreadable', at }, state),
      decideSession({ kind: 'cancel', by: 'op', reason: 'left', at }, state),
      decideSession({ kind: 'expire', timeoutMillis: 1, at: new Date(at.getTime() + 60_000) }, state),
      decideSession({ kind: 'read-card', identityCheck: 'pin', pinVerified: true, reported, at }, { ...state, voucher }),
    ];
    for (const d of steps) for (const e of d.events) expect(e.data).toMatchObject({ stopId: 'stop-2' });
    expect(sessionView(state)).toMatchObject({ stopId: 'stop-2', linkedSessionId: '5d1c7a6e-0b2f-4c3d-8e9f-1a2b3c4d5e6f' });
  });
});
