import { openedSession } from '../card-session.fixture';
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

  beforeEach(async () => {
    now = new Date('2026-11-25T09:00:00.000Z');
    let store;
    ({ sessions, sent, sessionId, store } = await openedSession(() => now));
    cardRead = new SubmitCardReadHandler(store, () => now);
    voucher = new PresentVoucherHandler(store, () => now);
  });

  it('after the card read, asks for the eligibility lookup, and the stored session keeps no card reference', async () => {
    await cardRead.execute(sessionId, { identityCheck: 'pin', pinVerified: true, cardReference: 'card-000001-0a1b2c3d' }, 'dev-1');
    now = new Date('2026-11-25T09:02:00.000Z');
    const session = await voucher.execute(sessionId, { voucherNumber: '26001000001' }, 'dev-1');
    expect(session).toMatchObject({
      state: 'eligibility-requested',
      voucherNumber: '26001000001',
      lastActivityAt: '2026-11-25T09:02:00.000Z',
    });
    expect((await sessions.get(sessionId))?.cardReference).toBeUndefined();
    expect(sent).toEqual(['session.opened.v1', 'session.card-read.v1', 'session.voucher-presented.v1', 'eligibility.requested.v1']);
  });

  it('before the card read, keeps the voucher and waits for the card', async () => {
    expect(await voucher.execute(sessionId, { voucherNumber: '26001000001' }, 'dev-1')).toMatchObject({
      state: 'opened',
      voucherNumber: '26001000001',
    });
    await expect(voucher.execute(sessionId, { voucherNumber: '26001000002' }, 'dev-1')).rejects.toMatchObject({
      code: 'voucher-already-presented',
    });
  });

  it('refuses a voucher once the lookup was requested, and another device’s request', async () => {
    await voucher.execute(sessionId, { voucherNumber: '26001000001' }, 'dev-1');
    await cardRead.execute(sessionId, { identityCheck: 'visual', cardReference: 'card-000001-0a1b2c3d' }, 'dev-1');
    await expect(voucher.execute(sessionId, { voucherNumber: '26001000001' }, 'dev-1')).rejects.toMatchObject({
      code: 'session-state-conflict',
    });
    await expect(voucher.execute(sessionId, { voucherNumber: '26001000001' }, 'dev-2')).rejects.toMatchObject({
      code: 'session-not-found',
    });
  });
});
