import type { EventEnvelope } from '@hcv/contracts';
import { createLogger } from '@hcv/observability';
import { OutboxRelay } from '@hcv/persistence';
import { aVoucher, EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_INSURER_NUMBER, EXAMPLE_VOUCHER_NUMBER } from '@hcv/testing';
import { MemberDigester } from '../adapters/member-seal';
import { toImportedVoucher, voucherId, type VoucherUse } from '../domain/voucher';
import { InMemoryVoucherRepository } from '../persistence/voucher.memory';
import { UndoVoucherUseHandler } from './undo-voucher-use.handler';

const FIRST = '3f1c6a0e-8d2b-4c1a-9e57-0a6b2d4c8e11';
const SECOND = '9a7e2c44-1b3d-4f6a-8c05-6d2e9f1a3b22';
const OTHER = 'c2d4e6f8-0a1b-4c3d-8e5f-7a9b1c3d5e33';
const KEY = { insurerNumber: EXAMPLE_INSURER_NUMBER, voucherNumber: EXAMPLE_VOUCHER_NUMBER };
const ID = voucherId(KEY);
const use = (sessionId: string): VoucherUse => ({
  sessionId,
  institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
  siteId: 'bus-01',
  at: '2026-11-24T09:00:00.000Z',
  checkupDate: '2026-11-24',
  voucherKind: 'checkup',
  parts: ['basic', 'detailed'],
});

async function setup() {
  let now = new Date('2026-11-24T10:00:00.000Z');
  const vouchers = new InMemoryVoucherRepository();
  const sent: EventEnvelope[] = [];
  const relay = new OutboxRelay({
    source: 'voucher-matching',
    stores: [vouchers.outbox],
    send: async (_topic, message) => void sent.push(JSON.parse(message.value) as EventEnvelope),
    logger: createLogger({ service: 't', level: 'error' }),
  });
  await vouchers.importMany([
    toImportedVoucher({ ...aVoucher(), importedAt: '2026-04-01T00:00:00.000Z' }, new MemberDigester('unit-test-voucher-key')),
  ]);
  return {
    vouchers,
    sent,
    undo: new UndoVoucherUseHandler(vouchers, relay, () => now),
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
  };
}

describe('undo voucher use (handler)', () => {
  it('frees the voucher at the clock’s time, keeps use and undo in the history, and announces it once', async () => {
    const { vouchers, sent, undo } = await setup();
    await vouchers.claim(KEY, use(FIRST));
    const undone = await undo.execute(
      EXAMPLE_INSURER_NUMBER,
      EXAMPLE_VOUCHER_NUMBER,
      { sessionId: FIRST, by: 'op', reason: 'wrong visitor' },
      'corr-1',
    );
    expect(undone.uses).toEqual([]);
    const stored = await vouchers.get(KEY);
    expect(stored?.history).toEqual([
      { action: 'used', ...use(FIRST) },
      { action: 'use-undone', sessionId: FIRST, by: 'op', reason: 'wrong visitor', at: '2026-11-24T10:00:00.000Z' },
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: 'voucher.use-undone', version: 2, subject: ID, correlationId: 'corr-1' });
    expect(sent[0]!.data).toEqual({
      insurerNumber: EXAMPLE_INSURER_NUMBER,
      voucherNumber: EXAMPLE_VOUCHER_NUMBER,
      sessionId: FIRST,
      by: 'op',
      reason: 'wrong visitor',
      at: '2026-11-24T10:00:00.000Z',
    });
    expect(await vouchers.outbox.entriesOf(ID)).toEqual([]);
  });

  it('the freed voucher can be used again, and that use undone later, each at its own time', async () => {
    const { vouchers, undo, advance } = await setup();
    await vouchers.claim(KEY, use(FIRST));
    await undo.execute(EXAMPLE_INSURER_NUMBER, EXAMPLE_VOUCHER_NUMBER, { sessionId: FIRST, by: 'op', reason: 'wrong visitor' }, 'corr-1');
    expect(await vouchers.claim(KEY, use(SECOND))).toEqual({ granted: true });
    advance(3_600_000);
    await undo.execute(EXAMPLE_INSURER_NUMBER, EXAMPLE_VOUCHER_NUMBER, { sessionId: SECOND, by: 'op', reason: 'test visit' }, 'corr-2');
    const history = (await vouchers.get(KEY))?.history ?? [];
    expect(history.map((h) => `${h.action}:${'sessionId' in h ? h.sessionId : ''}:${h.at}`)).toEqual([
      `used:${FIRST}:2026-11-24T09:00:00.000Z`,
      `use-undone:${FIRST}:2026-11-24T10:00:00.000Z`,
      `used:${SECOND}:2026-11-24T09:00:00.000Z`,
      `use-undone:${SECOND}:2026-11-24T11:00:00.000Z`,
    ]);
  });

  it('refuses to undo a use of another session and an unknown voucher; nothing is written or sent', async () => {
    const { vouchers, sent, undo } = await setup();
    await vouchers.claim(KEY, use(FIRST));
    await expect(
      undo.execute(EXAMPLE_INSURER_NUMBER, EXAMPLE_VOUCHER_NUMBER, { sessionId: OTHER, by: 'op', reason: 'x' }, 'c'),
    ).rejects.toMatchObject({
      code: 'voucher-not-used-by-session',
      status: 409,
    });
    await expect(
      undo.execute(EXAMPLE_INSURER_NUMBER, '26009999999', { sessionId: FIRST, by: 'op', reason: 'x' }, 'c'),
    ).rejects.toMatchObject({
      code: 'voucher-not-found',
    });
    expect((await vouchers.get(KEY))?.uses.map((u) => u.sessionId)).toEqual([FIRST]);
    expect(sent).toEqual([]);
  });
});
