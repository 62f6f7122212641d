import { DomainError } from '@hcv/domain';
import { anOpenedSession, aPresentedVoucher } from '@hcv/testing';
import {
  afterEligibilityRequested,
  cancel,
  decideSession,
  openSession,
  holdsDeviceSlotNow,
  complete,
  expireIfIdle,
  MAX_PIN_FAILURES,
  parsePurpose,
  recordAlternative,
  recordCardRead,
  recordVoucher,
  type Session,
} from './session.decide';

const opened: Session = anOpenedSession();
const card = { identityCheck: 'pin' as const, pinVerified: true, cardReference: 'card-000001-0a1b2c3d' };

describe('session state machine', () => {
  it('card then voucher requests eligibility once both are known', () => {
    const afterCard = recordCardRead(opened, card);
    expect(afterCard.session.state).toBe('card-read');
    expect(afterCard.requestEligibility).toBe(false);
    const afterVoucher = recordVoucher(afterCard.session, aPresentedVoucher());
    expect(afterVoucher.session.state).toBe('eligibility-requested');
    expect(afterVoucher.requestEligibility).toBe(true);
  });

  it('voucher then card requests eligibility too', () => {
    const v = recordVoucher(opened, aPresentedVoucher());
    expect(v.requestEligibility).toBe(false);
    expect(v.session.state).toBe('opened');
    const c = recordCardRead(v.session, { identityCheck: 'visual', checkedBy: 'staff-suzuki', cardReference: 'card-000001-0a1b2c3d' });
    expect(c.requestEligibility).toBe(true);
    expect(c.session).toMatchObject({ identityCheck: 'visual', checkedBy: 'staff-suzuki', afterPinLock: false });
  });

  it('counts PIN failures and locks the card after three', () => {
    let s = opened;
    for (let i = 1; i < MAX_PIN_FAILURES; i++) {
      s = recordCardRead(s, { ...card, pinVerified: false }).session;
      expect(s.state).toBe('opened');
      expect(s.pinFailures).toBe(i);
    }
    s = recordCardRead(s, { ...card, pinVerified: false }).session;
    expect(s.state).toBe('card-locked');
    expect(() => recordCardRead(s, card)).toThrow(DomainError);
  });

  it('counts PIN failures per card: another card starts again', () => {
    let s = recordCardRead(opened, { ...card, pinVerified: false }).session;
    s = recordCardRead(s, { ...card, pinVerified: false }).session;
    expect(s.pinFailures).toBe(2);
    s = recordCardRead(s, { ...card, cardReference: 'card-000002-ffffffff', pinVerified: false }).session;
    expect(s.pinFailures).toBe(1);
    expect(s.state).toBe('opened');
  });

  it('refuses a second, different voucher and a card read after the request', () => {
    const v = recordVoucher(opened, aPresentedVoucher()).session;
    expect(() => recordVoucher(v, aPresentedVoucher({ voucherNumber: '10987654321' }))).toThrow(/different voucher/);
    const requested = recordCardRead(v, card).session;
    expect(() => recordCardRead(requested, card)).toThrow(/cannot read a card/);
  });

  it('drops the card reference once the request left', () => {
    const requested = recordCardRead(recordVoucher(opened, aPresentedVoucher()).session, card).session;
    expect(requested.cardReference).toBeDefined();
    expect(afterEligibilityRequested(requested).cardReference).toBeUndefined();
  });

  it('completes once; a redelivered outcome changes nothing', () => {
    const outcome = { kind: 'matched' as const, reason: 'ok', decidedAt: '2026-11-24T09:00:03Z' };
    const first = complete(opened, outcome, new Date('2026-11-24T09:00:04Z'));
    expect(first.changed).toBe(true);
    expect(first.session.state).toBe('completed');
    const again = complete(first.session, { ...outcome, kind: 'voucher-already-used' }, new Date());
    expect(again.changed).toBe(false);
    expect(again.session.outcome?.kind).toBe('matched');
  });
});

describe('purpose', () => {
  it('accepts the three purposes', () => {
    expect(parsePurpose('comprehensive-checkup')).toBe('comprehensive-checkup');
    expect(parsePurpose('specific-guidance')).toBe('specific-guidance');
  });

  it('refuses identity verification (本人確認) with a reason pointing to the My Number card', () => {
    try {
      parsePurpose('identity-verification');
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('identity-verification-not-permitted');
      expect((error as DomainError).message).toMatch(/My Number card/);
    }
    expect(() => parsePurpose('本人確認')).toThrow(/identity verification/);
  });
});

describe('alternative methods, cancellation and timeouts', () => {
  const transcribed = { insurerNumber: '06139018', symbol: '1234', number: '0012345', name: '佐藤 太郎', birthDate: '1970-05-01' };

  it('after three PIN failures the session offers alternatives, which still go through matching', () => {
    let s = opened;
    for (let i = 0; i < MAX_PIN_FAILURES; i++) s = recordCardRead(s, { ...card, pinVerified: false }).session;
    expect(s.state).toBe('card-locked');
    const v = recordVoucher(s, aPresentedVoucher());
    expect(v.requestEligibility).toBe(false);
    const alt = recordAlternative(v.session, { method: 'eligibility-certificate', eligibility: transcribed });
    expect(alt.session.state).toBe('eligibility-requested');
    expect(alt.session.method).toBe('eligibility-certificate');
    expect(alt.requestEligibility).toBe(true);
    expect(afterEligibilityRequested(alt.session).transcribed).toBeUndefined();
  });

  it('refuses an alternative once the card was read', () => {
    const read = recordCardRead(opened, card).session;
    expect(() => recordAlternative(read, { method: 'mynaportal-screen', eligibility: transcribed })).toThrow(
      /cannot record an alternative/,
    );
  });

  it('cancels an unfinished session and not a finished one', () => {
    const c = cancel(opened, { by: 'op', reason: 'visitor left' }, new Date('2026-11-24T09:05:00Z'));
    expect(c).toMatchObject({ state: 'cancelled', cancellation: { by: 'op', reason: 'visitor left' } });
    expect(() => cancel(c, { by: 'op', reason: 'again' }, new Date())).toThrow(DomainError);
    // A late outcome does not reopen a cancelled session.
    expect(complete(c, { kind: 'matched', reason: 'x', decidedAt: 'x' }, new Date()).changed).toBe(false);
  });

  it('expires a session idle past the timeout while it waits for the device, never while the pipeline works', () => {
    const idle = { ...opened, lastActivityAt: '2026-11-24T09:00:00.000Z' };
    expect(expireIfIdle(idle, new Date('2026-11-24T09:14:59.000Z'), 15 * 60_000)).toBeNull();
    expect(expireIfIdle(idle, new Date('2026-11-24T09:15:00.000Z'), 15 * 60_000)?.state).toBe('expired');
    const waiting = { ...idle, state: 'eligibility-requested' as const };
    expect(expireIfIdle(waiting, new Date('2026-11-24T10:00:00.000Z'), 15 * 60_000)).toBeNull();
  });
});

describe('insurer numbers entering through an alternative method', () => {
  it('are checked with their check digit', () => {
    expect(() =>
      recordAlternative(opened, {
        method: 'mynaportal-screen',
        eligibility: { insurerNumber: '06139012', symbol: '1', number: '1', name: 'x', birthDate: '1970-05-01' }, // wrong check digit (…018 is right)
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid-insurer-number', field: 'eligibility.insurerNumber' }));
  });
});

describe('decideSession: the events of each step, chosen here only', () => {
  const at = new Date('2026-11-24T09:05:00.000Z');
  const types = (d: { events: readonly { contract: { type: string } }[] }) => d.events.map((e) => e.contract.type);

  it('opens with session.opened', () => {
    const d = openSession({
      sessionId: 's-1',
      device: { deviceId: 'dev-1', institutionNumber: '1311234577', siteId: 'site-1' },
      purpose: 'specific-checkup',
      correlationId: 'c-1',
      at,
    });
    expect(d.state).toMatchObject({
      state: 'opened',
      checkupDate: '2026-11-24',
      openedAt: at.toISOString(),
      lastActivityAt: at.toISOString(),
      version: 0,
    });
    expect(d.events).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ sessionId: 's-1', openedAt: at.toISOString() }) }),
    ]);
    expect(types(d)).toEqual(['session.opened']);
  });

  it('a card read after the voucher announces the read and requests eligibility; the card reference is not kept', () => {
    const d = decideSession({ kind: 'read-card', ...card, deviceId: 'dev-1', at }, { ...opened, voucher: aPresentedVoucher() });
    expect(types(d)).toEqual(['session.card-read', 'eligibility.requested']);
    expect(d.events[1]!.data).toMatchObject({ cardReference: card.cardReference, voucher: aPresentedVoucher() });
    expect(d.state).toMatchObject({ state: 'eligibility-requested', lastActivityAt: at.toISOString() });
    expect(d.state.cardReference).toBeUndefined();
  });

  it('a PIN failure announces nothing', () => {
    const d = decideSession({ kind: 'read-card', ...card, pinVerified: false, at }, opened);
    expect(d.events).toEqual([]);
    expect(d.state.pinFailures).toBe(1);
  });

  it('an alternative method with the voucher known sends the transcription instead of a lookup', () => {
    const eligibility = { insurerNumber: '06139018', symbol: '1234', number: '0012345', name: '佐藤 太郎', birthDate: '1970-05-01' };
    const d = decideSession(
      { kind: 'record-alternative', method: 'mynaportal-screen', eligibility, at },
      { ...opened, voucher: aPresentedVoucher() },
    );
    expect(types(d)).toEqual(['session.method-recorded', 'qualification.transcribed']);
    expect(d.state.transcribed).toBeUndefined();
  });

  it("another device's session is not found", () => {
    expect(() => decideSession({ kind: 'present-voucher', voucher: aPresentedVoucher(), deviceId: 'dev-2', at }, opened)).toThrow(
      expect.objectContaining({ code: 'session-not-found' }),
    );
  });

  it('an outcome completes once; a redelivery changes nothing', () => {
    const outcome = { kind: 'matched' as const, reason: 'ok', decidedAt: at.toISOString() };
    const d = decideSession({ kind: 'record-outcome', outcome, at }, { ...opened, state: 'eligibility-requested' });
    expect(types(d)).toEqual(['session.completed']);
    expect(d.events[0]!.data).toMatchObject({ elapsedMillis: 5 * 60_000 });
    const again = decideSession({ kind: 'record-outcome', outcome, at }, d.state);
    expect(again).toEqual({ state: d.state, events: [] });
  });

  it('a settleable outcome is put on the settlement queue once (精算依頼); asking again changes nothing', () => {
    const outcome = { kind: 'member-mismatch' as const, reason: 'birth date differs', decidedAt: at.toISOString() };
    const completed = decideSession({ kind: 'record-outcome', outcome, at }, { ...opened, state: 'eligibility-requested' }).state;
    const later = new Date('2026-11-24T09:07:00.000Z');
    const d = decideSession({ kind: 'request-settlement', requestedBy: 'staff-suzuki', deviceId: opened.deviceId, at: later }, completed);
    expect(types(d)).toEqual(['session.settlement-requested']);
    expect(d.events[0]!.data).toEqual({
      sessionId: opened.sessionId,
      deviceId: opened.deviceId,
      siteId: opened.siteId,
      stopId: opened.siteId,
      outcome: 'member-mismatch',
      requestedBy: 'staff-suzuki',
      requestedAt: later.toISOString(),
    });
    expect(d.state).toMatchObject({ settlementRequest: { requestedAt: later.toISOString(), requestedBy: 'staff-suzuki' } });
    // a finished session keeps its activity time
    expect(d.state.lastActivityAt).toBe(completed.lastActivityAt);
    expect(decideSession({ kind: 'request-settlement', at }, d.state)).toEqual({ state: d.state, events: [] });
  });

  it('refuses a settlement request for an outcome staff do not settle, or a session without one', () => {
    const matched = { kind: 'matched' as const, reason: 'ok', decidedAt: at.toISOString() };
    const completed = decideSession({ kind: 'record-outcome', outcome: matched, at }, { ...opened, state: 'eligibility-requested' }).state;
    for (const session of [completed, opened, { ...completed, outcome: { ...matched, kind: 'matched-after-settlement' as const } }])
      expect(() => decideSession({ kind: 'request-settlement', at }, session)).toThrow(
        expect.objectContaining({ code: 'settlement-not-requestable', status: 409 }),
      );
  });

  it('expires an idle session with its idle time; a busy one is left as it is', () => {
    const d = decideSession({ kind: 'expire', timeoutMillis: 60_000, at }, opened);
    expect(types(d)).toEqual(['session.expired']);
    expect(d.events[0]!.data).toMatchObject({ lastState: 'opened', idleSeconds: 300 });
    expect(decideSession({ kind: 'expire', timeoutMillis: 600_000, at }, opened).events).toEqual([]);
  });

  it('holds the device slot while a live session is unfinished, never for a captured one', () => {
    const cancelled = decideSession({ kind: 'cancel', by: 'op', reason: 'left', at }, opened).state;
    expect(holdsDeviceSlotNow(opened)).toBe(true);
    expect(holdsDeviceSlotNow(cancelled)).toBe(false);
    expect(holdsDeviceSlotNow({ ...opened, capturedAt: opened.openedAt })).toBe(false);
  });
});

describe('the voucher as presented', () => {
  const at = new Date('2026-11-24T09:05:00.000Z');
  const voucher = aPresentedVoucher();
  const dataOf = (d: { events: readonly { contract: { topic: string }; data: unknown }[] }, topic: string) =>
    d.events.find((e) => e.contract.topic === topic)?.data as Record<string, unknown> | undefined;

  it('announces session.voucher-presented v3 with the voucher’s identity and kind and the stop, never its 記号・番号', () => {
    const d = decideSession({ kind: 'present-voucher', voucher: aPresentedVoucher({ parts: ['basic'] }), at }, opened);
    expect(d.events.map((e) => e.contract.topic)).toEqual(['session.voucher-presented.v3']);
    expect(dataOf(d, 'session.voucher-presented.v3')).toEqual({
      sessionId: opened.sessionId,
      stopId: opened.siteId,
      voucher: {
        insurerNumber: voucher.insurerNumber,
        voucherNumber: voucher.voucherNumber,
        voucherKind: 'checkup',
        validUntil: voucher.validUntil,
        parts: ['basic'],
      },
    });
    expect(JSON.stringify(d.events)).not.toContain(voucher.number!);
    // Until the request leaves, the session keeps the whole voucher (matching needs its 記号・番号).
    expect(d.state.voucher).toMatchObject({ symbol: voucher.symbol, number: voucher.number });
  });

  it('sends the whole voucher with eligibility.requested v3 and keeps no 記号・番号 after it left', () => {
    const read = recordCardRead(opened, card).session;
    const d = decideSession({ kind: 'present-voucher', voucher, at }, read);
    expect(d.events.map((e) => e.contract.topic)).toEqual(['session.voucher-presented.v3', 'eligibility.requested.v3']);
    expect(dataOf(d, 'eligibility.requested.v3')).toMatchObject({ cardReference: card.cardReference, voucher, identityCheck: 'pin' });
    expect(d.state.state).toBe('eligibility-requested');
    expect(d.state.voucher).toEqual({ ...voucher, symbol: undefined, number: undefined });
    expect(d.state.voucher).not.toHaveProperty('symbol');
    expect(d.state.voucher).not.toHaveProperty('number');
    expect(JSON.stringify(d.state)).not.toContain(voucher.number!);
  });

  it('sends the whole voucher with qualification.transcribed v3 for an alternative method', () => {
    const eligibility = {
      insurerNumber: voucher.insurerNumber,
      symbol: '1234',
      number: '0012345',
      name: '佐藤 太郎',
      birthDate: '1970-05-01',
    };
    const d = decideSession({ kind: 'record-alternative', method: 'eligibility-certificate', eligibility, at }, { ...opened, voucher });
    expect(d.events.map((e) => e.contract.topic)).toEqual(['session.method-recorded.v2', 'qualification.transcribed.v3']);
    expect(dataOf(d, 'qualification.transcribed.v3')).toMatchObject({ request: { sessionId: opened.sessionId, voucher } });
    expect(d.state.voucher).not.toHaveProperty('symbol');
  });

  it('reads the insurer number as written: full-width digits, spaces, and a 6-digit 国保 number written "00" + 6', () => {
    expect(recordVoucher(opened, aPresentedVoucher({ insurerNumber: ' ０６１３９０１８ ' })).session.voucher?.insurerNumber).toBe(
      '06139018',
    );
    expect(recordVoucher(opened, aPresentedVoucher({ insurerNumber: '00131011' })).session.voucher?.insurerNumber).toBe('131011');
  });

  it('refuses an insurer number with a wrong check digit or 7 digits, naming insurerNumber', () => {
    for (const insurerNumber of ['06139012', '6139018']) {
      // a wrong check digit; 7 digits
      expect(() => recordVoucher(opened, aPresentedVoucher({ insurerNumber }))).toThrow(
        expect.objectContaining({ code: 'invalid-insurer-number', field: 'insurerNumber', status: 400 }),
      );
    }
  });

  it('takes the same voucher again (a corrected field replaces it); another insurer’s voucher of the same number is another voucher', () => {
    const first = recordVoucher(opened, voucher).session;
    const corrected = recordVoucher(first, { ...voucher, validUntil: '2027-03-30' }).session;
    expect(corrected.voucher?.validUntil).toBe('2027-03-30');
    expect(() => recordVoucher(first, { ...voucher, insurerNumber: '01130012' })).toThrow(
      expect.objectContaining({ code: 'voucher-already-presented', field: 'insurerNumber', status: 409 }),
    );
    expect(() => recordVoucher(first, { ...voucher, voucherNumber: '26001000002' })).toThrow(
      expect.objectContaining({ code: 'voucher-already-presented', field: 'voucherNumber' }),
    );
  });

  it('a session stored with the number alone waits for the voucher, and takes only the voucher of that number', () => {
    const legacy: Session = { ...opened, voucherNumber: voucher.voucherNumber };
    // The card read does not send a request without the printed voucher.
    expect(recordCardRead(legacy, card).requestEligibility).toBe(false);
    expect(() => recordVoucher(legacy, { ...voucher, voucherNumber: '26001000002' })).toThrow(
      expect.objectContaining({ code: 'voucher-already-presented' }),
    );
    const presented = recordVoucher(recordCardRead(legacy, card).session, voucher);
    expect(presented.requestEligibility).toBe(true);
    expect(presented.session.voucher?.voucherNumber).toBe(voucher.voucherNumber);
    expect(presented.session).not.toHaveProperty('voucherNumber');
  });
});

describe('outcomes: a settlement supersedes a settleable outcome', () => {
  const at = new Date('2026-11-24T09:10:00.000Z');
  const completedWith = (kind: 'needs-manual-check' | 'member-mismatch' | 'matched'): Session => ({
    ...opened,
    state: 'completed',
    method: 'mynumber-card',
    outcome: { kind, reason: kind, decidedAt: '2026-11-24T09:01:00.000Z' },
    completedAt: '2026-11-24T09:01:00.000Z',
  });
  const settled = {
    kind: 'matched-after-settlement' as const,
    reason: 'Settled: the insurer confirmed by phone.',
    reasonJa: '保険者に電話で確認済み。',
    settlement: { kind: 'insurer-confirmed' as const, by: 'operator-3', at: '2026-11-24T09:09:00.000Z' },
    decidedAt: '2026-11-24T09:09:00.000Z',
  };

  it.each(['needs-manual-check', 'member-mismatch'] as const)('replaces %s on the completed session, announcing nothing again', (kind) => {
    const d = decideSession({ kind: 'record-outcome', outcome: settled, at }, completedWith(kind));
    expect(d.events).toEqual([]);
    expect(d.state).toMatchObject({ state: 'completed', outcome: settled, completedAt: '2026-11-24T09:01:00.000Z' });
    // A redelivered settlement changes nothing more.
    expect(decideSession({ kind: 'record-outcome', outcome: settled, at }, d.state)).toEqual({ state: d.state, events: [] });
  });

  it('leaves a session completed otherwise, and a cancelled one, as they are; a late ordinary outcome changes nothing', () => {
    const matched = completedWith('matched');
    expect(decideSession({ kind: 'record-outcome', outcome: settled, at }, matched)).toEqual({ state: matched, events: [] });
    const manual = completedWith('needs-manual-check');
    const late = { kind: 'matched' as const, reason: 'late', decidedAt: '2026-11-24T09:09:00.000Z' };
    expect(decideSession({ kind: 'record-outcome', outcome: late, at }, manual)).toEqual({ state: manual, events: [] });
    const cancelled = { ...opened, state: 'cancelled' as const };
    expect(decideSession({ kind: 'record-outcome', outcome: settled, at }, cancelled).state).toBe(cancelled);
  });

  it('announces session.completed v4 with the source (the outcome’s, else the session’s method) and the stop', () => {
    const waiting: Session = { ...opened, state: 'eligibility-requested', method: 'eligibility-certificate' };
    const plain = { kind: 'matched' as const, reason: 'ok', decidedAt: at.toISOString() };
    const d = decideSession({ kind: 'record-outcome', outcome: plain, at }, waiting);
    expect(d.events.map((e) => e.contract.topic)).toEqual(['session.completed.v4']);
    expect(d.events[0]!.data).toMatchObject({ outcome: 'matched', source: 'transcribed', stopId: opened.siteId });
    const online = decideSession({ kind: 'record-outcome', outcome: { ...plain, source: 'online' as const }, at }, waiting);
    expect(online.events[0]!.data).toMatchObject({ source: 'online' });
  });
});
