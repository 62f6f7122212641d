import { aPresentedVoucher } from '@hcv/testing';
import { openedSession } from '../card-session.fixture';
import { sessionView } from '../domain/session-view';
import type { InMemorySessionRepository } from '../persistence/session.memory';
import { SubmitCardReadHandler } from '../submit-card-read/submit-card-read.handler';
import { PresentVoucherHandler } from './present-voucher.handler';

describe('presenting the voucher', () => {
  let now: Date;
  let sessions: InMemorySessionRepository;
  let sent: string[];
  let sessionId: string;
  let cardRead: SubmitCardReadHandler;
  let voucher: PresentVoucherHandler;
  const presented = aPresentedVoucher({ parts: ['basic', 'detailed'] });

  beforeEach(async () => {
    now = new Date('2026-11-25T09:00:00.000Z');
    let store;
    ({ sessions, sent, sessionId, store } = await openedSession(() => now));
    cardRead = new SubmitCardReadHandler(store, () => now);
    voucher = new PresentVoucherHandler(store, () => now);
  });

  it('after the card read, asks for the eligibility lookup, and the stored session keeps neither the card reference nor 記号・番号', async () => {
    await cardRead.execute(sessionId, { identityCheck: 'pin', pinVerified: true, cardReference: 'card-000001-0a1b2c3d' }, 'dev-1');
    now = new Date('2026-11-25T09:02:00.000Z');
    const session = await voucher.execute(sessionId, presented, 'dev-1');
    expect(session).toMatchObject({
      state: 'eligibility-requested',
      voucher: { insurerNumber: presented.insurerNumber, voucherNumber: presented.voucherNumber, copayments: presented.copayments },
      lastActivityAt: '2026-11-25T09:02:00.000Z',
    });
    const stored = await sessions.get(sessionId);
    expect(stored?.cardReference).toBeUndefined();
    expect(stored?.voucher).not.toHaveProperty('symbol');
    expect(stored?.voucher).not.toHaveProperty('number');
    expect(sent).toEqual(['session.opened.v2', 'session.card-read.v2', 'session.voucher-presented.v3', 'eligibility.requested.v3']);
  });

  it('shows the device the voucher’s summary: identity, kind, validity and parts, no 記号・番号', async () => {
    const view = sessionView(await voucher.execute(sessionId, presented, 'dev-1'));
    expect(view.voucher).toEqual({
      insurerNumber: presented.insurerNumber,
      voucherNumber: presented.voucherNumber,
      voucherKind: 'checkup',
      validUntil: presented.validUntil,
      parts: ['basic', 'detailed'],
    });
    expect(view).not.toHaveProperty('voucherNumber');
    expect(JSON.stringify(view)).not.toContain(presented.number!);
  });

  it('before the card read, keeps the voucher and waits for the card; another voucher is refused', async () => {
    expect(await voucher.execute(sessionId, presented, 'dev-1')).toMatchObject({
      state: 'opened',
      voucher: { voucherNumber: presented.voucherNumber, symbol: presented.symbol },
    });
    await expect(voucher.execute(sessionId, aPresentedVoucher({ voucherNumber: '26001000002' }), 'dev-1')).rejects.toMatchObject({
      code: 'voucher-already-presented',
    });
    // The same number from another insurer is another voucher.
    await expect(voucher.execute(sessionId, aPresentedVoucher({ insurerNumber: '01130012' }), 'dev-1')).rejects.toMatchObject({
      code: 'voucher-already-presented',
      field: 'insurerNumber',
    });
  });

  it('refuses a wrong insurer number with its own code, naming insurerNumber, and stores nothing', async () => {
    // 06139012: a wrong check digit (06139018 is right).
    await expect(voucher.execute(sessionId, aPresentedVoucher({ insurerNumber: '06139012' }), 'dev-1')).rejects.toMatchObject({
      code: 'invalid-insurer-number',
      field: 'insurerNumber',
      status: 400,
    });
    expect((await sessions.get(sessionId))?.voucher).toBeUndefined();
  });

  it('refuses a voucher once the lookup was requested, and another device’s request', async () => {
    await voucher.execute(sessionId, presented, 'dev-1');
    await cardRead.execute(sessionId, { identityCheck: 'visual', checkedBy: 'staff-1', cardReference: 'card-000001-0a1b2c3d' }, 'dev-1');
    await expect(voucher.execute(sessionId, presented, 'dev-1')).rejects.toMatchObject({
      code: 'session-state-conflict',
    });
    await expect(voucher.execute(sessionId, presented, 'dev-2')).rejects.toMatchObject({
      code: 'session-not-found',
    });
  });
});
