import { EXAMPLE_INSURER_NUMBER, aPresentedVoucher } from '@hcv/testing';
import { openedSession } from '../card-session.fixture';
import type { InMemorySessionRepository } from '../persistence/session.memory';
import { PresentVoucherHandler } from '../present-voucher/present-voucher.handler';
import { SubmitCardReadHandler } from '../submit-card-read/submit-card-read.handler';
import { RecordAlternativeHandler } from './record-alternative.handler';

const eligibility = {
  insurerNumber: EXAMPLE_INSURER_NUMBER,
  symbol: '記号1',
  number: '1234',
  name: 'テスト 花子',
  birthDate: '1970-04-01',
};

describe('recording an alternative method', () => {
  let now: Date;
  let sessions: InMemorySessionRepository;
  let sent: string[];
  let sessionId: string;
  let alternative: RecordAlternativeHandler;
  let voucher: PresentVoucherHandler;
  let cardRead: SubmitCardReadHandler;

  beforeEach(async () => {
    now = new Date('2026-11-25T09:00:00.000Z');
    let store;
    ({ sessions, sent, sessionId, store } = await openedSession(() => now));
    alternative = new RecordAlternativeHandler(store, () => now);
    voucher = new PresentVoucherHandler(store, () => now);
    cardRead = new SubmitCardReadHandler(store, () => now);
  });

  it('records the method at the clock’s time; with the voucher the transcribed eligibility goes to matching, no lookup', async () => {
    now = new Date('2026-11-25T09:03:00.000Z');
    expect(await alternative.execute(sessionId, { method: 'eligibility-certificate', eligibility }, 'dev-1')).toMatchObject({
      state: 'alternative-recorded',
      method: 'eligibility-certificate',
      lastActivityAt: '2026-11-25T09:03:00.000Z',
    });
    expect(await voucher.execute(sessionId, aPresentedVoucher(), 'dev-1')).toMatchObject({ state: 'eligibility-requested' });
    expect(sent).toEqual([
      'session.opened.v2',
      'session.voucher-presented.v3',
      'session.method-recorded.v2',
      'qualification.transcribed.v3',
    ]);
    // The transcription left with its request: the stored session keeps none of it.
    expect((await sessions.get(sessionId))?.transcribed).toBeUndefined();
  });

  it('is taken after the card locked on three wrong PINs', async () => {
    const failed = { identityCheck: 'pin' as const, pinVerified: false, cardReference: 'card-000001-0a1b2c3d' };
    for (let i = 0; i < 3; i++) await cardRead.execute(sessionId, failed, 'dev-1');
    expect((await alternative.execute(sessionId, { method: 'mynaportal-screen', eligibility }, 'dev-1')).state).toBe(
      'alternative-recorded',
    );
  });

  it('is refused once the card was read, and for another device', async () => {
    await expect(alternative.execute(sessionId, { method: 'mynaportal-screen', eligibility }, 'dev-2')).rejects.toMatchObject({
      code: 'session-not-found',
    });
    await cardRead.execute(sessionId, { identityCheck: 'visual', checkedBy: 'staff-1', cardReference: 'card-000001-0a1b2c3d' }, 'dev-1');
    await expect(alternative.execute(sessionId, { method: 'mynaportal-screen', eligibility }, 'dev-1')).rejects.toMatchObject({
      code: 'session-state-conflict',
    });
  });

  it('refuses a transcribed insurer number with a wrong check digit', async () => {
    await expect(
      alternative.execute(
        sessionId,
        { method: 'eligibility-certificate', eligibility: { ...eligibility, insurerNumber: '06139019' } }, // wrong check digit
        'dev-1',
      ),
    ).rejects.toMatchObject({
      code: 'invalid-insurer-number',
    });
  });
});
