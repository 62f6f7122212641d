import type { Voucher } from './voucher';
import { undoVoucherUse } from './voucher-use.decide';

const at = new Date('2026-11-24T10:00:00.000Z');
const use = { sessionId: 's-first', institutionNumber: '1321000018', siteId: 'hall', at: '2026-11-24T09:00:00.000Z' };
const used = { voucherNumber: 'V1', usedBy: use, history: [{ action: 'used', ...use }] } as unknown as Voucher;

describe('voucher use rules (undoVoucherUse)', () => {
  it('frees the voucher, keeps the use in the history with who undid it and why, and announces it', () => {
    const { state, events } = undoVoucherUse({ sessionId: 's-first', by: 'op', reason: 'wrong visitor' }, used, at);
    expect(state.usedBy).toBeUndefined();
    expect(state.history).toEqual([
      { action: 'used', ...use },
      { action: 'use-undone', sessionId: 's-first', by: 'op', reason: 'wrong visitor', at: at.toISOString() },
    ]);
    expect(events.map((e) => [e.contract.type, e.data])).toEqual([
      ['voucher.use-undone', { voucherNumber: 'V1', sessionId: 's-first', by: 'op', reason: 'wrong visitor', at: at.toISOString() }],
    ]);
  });

  it('refuses to undo a use of another session, or of a free voucher', () => {
    expect(() => undoVoucherUse({ sessionId: 's-other', by: 'op', reason: 'x' }, used, at)).toThrow(
      expect.objectContaining({ code: 'voucher-not-used-by-session', status: 409 }),
    );
    const free = undoVoucherUse({ sessionId: 's-first', by: 'op', reason: 'x' }, used, at).state;
    expect(() => undoVoucherUse({ sessionId: 's-first', by: 'op', reason: 'x' }, free, at)).toThrow(
      expect.objectContaining({ code: 'voucher-not-used-by-session' }),
    );
  });
});
