import type { Voucher, VoucherUse } from './voucher';
import { decideUse, undoVoucherUse, withUse } from './voucher-use.decide';

const HERE = '0110113719';
const THERE = '3410712362';
const at = new Date('2026-11-24T10:00:00.000Z');
const aUse = (sessionId: string, overrides: Partial<VoucherUse> = {}): VoucherUse => ({
  sessionId,
  institutionNumber: HERE,
  siteId: 'hall',
  siteName: '本院健診センター',
  at: '2026-11-24T09:00:00.000Z',
  checkupDate: '2026-11-24',
  voucherKind: 'checkup',
  parts: ['basic', 'detailed'],
  ...overrides,
});
const guidance = (sessionId: string, overrides: Partial<VoucherUse> = {}) =>
  aUse(sessionId, { voucherKind: 'guidance', parts: ['guidance'], guidanceStep: 'follow-up', ...overrides });
const voucher = (...uses: VoucherUse[]): Voucher =>
  uses.reduce(withUse, { insurerNumber: '06139018', voucherNumber: '26001000001', reissues: [], uses: [], history: [] });
const firstUseOf = (use: VoucherUse) => ({
  siteId: use.siteId,
  siteName: use.siteName,
  institutionNumber: use.institutionNumber,
  at: use.at,
});

describe('voucher use rule (decideUse)', () => {
  it('grants the first use, of a voucher stored or never stored', () => {
    expect(decideUse(null, aUse('s-1'))).toEqual({ granted: true, repeat: false });
    expect(decideUse(voucher(), aUse('s-1'))).toEqual({ granted: true, repeat: false });
  });

  it('grants the same session again as a repeat (a redelivery), wherever the other uses are', () => {
    expect(decideUse(voucher(aUse('s-1')), aUse('s-1'))).toEqual({ granted: true, repeat: true });
    expect(decideUse(voucher(aUse('s-1'), aUse('s-2', { parts: ['additional'] })), aUse('s-2', { parts: ['additional'] }))).toEqual({
      granted: true,
      repeat: true,
    });
  });

  it('grants the same request again as a repeat even after its use was undone: a redelivery never claims twice', () => {
    const used = voucher(aUse('s-1', { requestId: 'r-1' }));
    const undone = undoVoucherUse({ sessionId: 's-1', by: 'op', reason: 'wrong visitor' }, used, at).state;
    expect(decideUse(undone, aUse('s-1', { requestId: 'r-1' }))).toEqual({ granted: true, repeat: true });
    // Another request (of the same session or another) is judged on the uses holding now.
    expect(decideUse(undone, aUse('s-1', { requestId: 'r-2' }))).toEqual({ granted: true, repeat: false });
    expect(decideUse(undone, aUse('s-2', { requestId: 'r-1-other' }))).toEqual({ granted: true, repeat: false });
    // A use that names no request (a settlement) is judged on the uses alone.
    expect(decideUse(undone, aUse('s-1'))).toEqual({ granted: true, repeat: false });
  });

  it('refuses a use at another institution, naming the first use (site by name, institution, time)', () => {
    const first = aUse('s-1', { parts: ['basic'] });
    const second = aUse('s-2', { parts: ['detailed'], checkupDate: '2026-12-01', at: '2026-12-01T01:00:00.000Z' });
    expect(decideUse(voucher(first, second), aUse('s-3', { institutionNumber: THERE, parts: ['additional'] }))).toEqual({
      granted: false,
      firstUse: firstUseOf(first),
    });
  });

  it('受診券 at the same institution: the parts not done yet, on a later date (分割実施), are granted', () => {
    expect(decideUse(voucher(aUse('s-1', { parts: ['basic'] })), aUse('s-2', { parts: ['detailed'], checkupDate: '2026-12-01' }))).toEqual({
      granted: true,
      repeat: false,
    });
  });

  it('受診券 at the same institution: a same-day return is granted, even for parts done that day', () => {
    expect(decideUse(voucher(aUse('s-1')), aUse('s-2', { at: '2026-11-24T05:00:00.000Z' }))).toEqual({ granted: true, repeat: false });
  });

  it('受診券 at the same institution: a part already done on another date (a second checkup) is refused, naming that use', () => {
    const basic = aUse('s-1', { parts: ['basic'] });
    const detailed = aUse('s-2', { parts: ['detailed'], checkupDate: '2026-12-01', at: '2026-12-01T00:00:00.000Z' });
    const again = aUse('s-3', { parts: ['detailed', 'additional'], checkupDate: '2026-12-08' });
    expect(decideUse(voucher(basic, detailed), again)).toEqual({ granted: false, firstUse: firstUseOf(detailed) });
    expect(decideUse(voucher(aUse('s-1')), aUse('s-4', { checkupDate: '2027-01-15' }))).toEqual({
      granted: false,
      firstUse: firstUseOf(aUse('s-1')),
    });
  });

  it('利用券: the initial interview once, follow-ups any number of times, at the same institution only', () => {
    const initial = guidance('s-1', { guidanceStep: 'initial-interview' });
    const follow1 = guidance('s-2', { checkupDate: '2027-01-10' });
    expect(decideUse(voucher(initial), follow1)).toEqual({ granted: true, repeat: false });
    expect(decideUse(voucher(initial, follow1), guidance('s-3', { checkupDate: '2027-02-10' }))).toEqual({ granted: true, repeat: false });
    expect(decideUse(voucher(initial, follow1), guidance('s-4', { guidanceStep: 'initial-interview', checkupDate: '2027-03-01' }))).toEqual(
      {
        granted: false,
        firstUse: firstUseOf(initial),
      },
    );
    // A step not given is the initial interview.
    expect(decideUse(voucher(initial), guidance('s-5', { guidanceStep: undefined }))).toMatchObject({ granted: false });
    expect(decideUse(voucher(initial), guidance('s-6', { institutionNumber: THERE }))).toEqual({
      granted: false,
      firstUse: firstUseOf(initial),
    });
  });

  it('withUse appends the use and its history entry', () => {
    const v = voucher(aUse('s-1'));
    expect(v.uses).toEqual([aUse('s-1')]);
    expect(v.history).toEqual([{ action: 'used', ...aUse('s-1') }]);
  });
});

describe('undoing a use (undoVoucherUse)', () => {
  it('removes the named session’s use only, keeps the use in the history with who undid it and why, and announces it (v2, by insurer and number)', () => {
    const used = voucher(aUse('s-first', { parts: ['basic'] }), aUse('s-second', { parts: ['detailed'] }));
    const { state, events } = undoVoucherUse({ sessionId: 's-first', by: 'op', reason: 'wrong visitor' }, used, at);
    expect(state.uses.map((u) => u.sessionId)).toEqual(['s-second']);
    expect(state.history.at(-1)).toEqual({
      action: 'use-undone',
      sessionId: 's-first',
      by: 'op',
      reason: 'wrong visitor',
      at: at.toISOString(),
    });
    expect(state.history).toHaveLength(3);
    expect(events.map((e) => [e.contract.type, e.contract.version, e.data])).toEqual([
      [
        'voucher.use-undone',
        2,
        {
          insurerNumber: '06139018',
          voucherNumber: '26001000001',
          sessionId: 's-first',
          by: 'op',
          reason: 'wrong visitor',
          at: at.toISOString(),
        },
      ],
    ]);
  });

  it('refuses to undo a use of another session, or one already undone', () => {
    const used = voucher(aUse('s-first'));
    expect(() => undoVoucherUse({ sessionId: 's-other', by: 'op', reason: 'x' }, used, at)).toThrow(
      expect.objectContaining({ code: 'voucher-not-used-by-session', status: 409 }),
    );
    const free = undoVoucherUse({ sessionId: 's-first', by: 'op', reason: 'x' }, used, at).state;
    expect(() => undoVoucherUse({ sessionId: 's-first', by: 'op', reason: 'x' }, free, at)).toThrow(
      expect.objectContaining({ code: 'voucher-not-used-by-session' }),
    );
  });
});
