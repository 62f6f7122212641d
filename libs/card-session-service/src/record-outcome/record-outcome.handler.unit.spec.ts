import { VerificationOutcomeV1, VerificationOutcomeV2, VerificationOutcomeV3, type DataOf } from '@hcv/contracts';
import { withInstitutionCheckDigit } from '@hcv/domain';
import { createLogger } from '@hcv/observability';
import { OutboxRelay } from '@hcv/persistence';
import { aPresentedVoucher, EXAMPLE_INSURER_NUMBER, EXAMPLE_VOUCHER_NUMBER } from '@hcv/testing';
import { sessionView } from '../domain/session-view';
import { OpenSessionHandler } from '../open-session/open-session.handler';
import { InMemoryDeviceDirectory } from '../persistence/device-directory.memory';
import { RecentSessions } from '../persistence/recent-sessions';
import { sessionStore } from '../persistence/session-store';
import { InMemorySessionRepository } from '../persistence/session.memory';
import { PresentVoucherHandler } from '../present-voucher/present-voucher.handler';
import { SubmitCardReadHandler } from '../submit-card-read/submit-card-read.handler';
import { VerifyIdentityHandler } from '../verify-identity/verify-identity.handler';
import { RecordOutcomeHandler } from './record-outcome.handler';

const institutionNumber = withInstitutionCheckDigit('131123456');

describe('recording a verification outcome', () => {
  let now: Date;
  let sessions: InMemorySessionRepository;
  let devices: InMemoryDeviceDirectory;
  let sent: string[];
  let relay: OutboxRelay;
  let sessionId: string;
  let outcomes: RecordOutcomeHandler;

  const outcomeEvent = (contract: typeof VerificationOutcomeV1 | typeof VerificationOutcomeV2, id = sessionId) =>
    relay.stage(
      contract,
      {
        sessionId: id,
        institutionNumber,
        siteId: 'site-1',
        voucherNumber: '26001000001',
        outcome: 'matched',
        reason: 'matched',
        decidedAt: '2026-11-25T09:04:00.000Z',
      },
      { subject: id, correlationId: 'corr-outcome' },
    ).envelope;

  /** voucher-matching's v3 decision for the session; override what the case is about. */
  const v3 = (overrides: Partial<DataOf<typeof VerificationOutcomeV3>> = {}) =>
    relay.stage(
      VerificationOutcomeV3,
      {
        sessionId,
        institutionNumber,
        siteId: 'site-1',
        voucher: { insurerNumber: EXAMPLE_INSURER_NUMBER, voucherNumber: EXAMPLE_VOUCHER_NUMBER },
        outcome: 'matched',
        reason: 'Matched: collect 1,000 yen for the basic checkup.',
        reasonJa: '照合できました。基本的な健診の窓口負担 1,000円を徴収してください。',
        source: 'online',
        method: 'mynumber-card',
        verifiedOnline: true,
        comparedSources: ['presented-voucher', 'online-eligibility', 'contract'],
        insurerNumber: EXAMPLE_INSURER_NUMBER,
        contractId: 'contract-1',
        collect: { lines: [{ part: 'basic', copayment: { kind: 'fixed', amount: 1000 }, yen: 1000 }], totalYen: 1000 },
        covers: { parts: ['basic', 'detailed'] },
        decidedAt: '2026-11-25T09:04:00.000Z',
        ...overrides,
      },
      { subject: sessionId, correlationId: 'corr-outcome' },
    ).envelope;

  beforeEach(async () => {
    now = new Date('2026-11-25T09:00:00.000Z');
    sessions = new InMemorySessionRepository();
    devices = new InMemoryDeviceDirectory();
    sent = [];
    relay = new OutboxRelay({
      source: 'card-session',
      stores: [sessions.outbox],
      logger: createLogger({ service: 'test', level: 'error' }),
      send: async (topic) => void sent.push(topic),
    });
    const store = sessionStore(sessions, relay, new RecentSessions());
    outcomes = new RecordOutcomeHandler(store, () => now);
    await devices.setState('dev-1', { state: 'active', institutionNumber, siteId: 'site-1' }, '2026-11-25T08:00:00.000Z');
    ({ sessionId } = await new OpenSessionHandler(store, devices, () => now).execute(
      { deviceId: 'dev-1', purpose: 'specific-checkup' },
      undefined,
    ));
    await new SubmitCardReadHandler(store, () => now).execute(sessionId, {
      identityCheck: 'visual',
      checkedBy: 'staff-1',
      cardReference: 'card-000001-0a1b2c3d',
    });
    await new PresentVoucherHandler(store, () => now).execute(sessionId, aPresentedVoucher());
    sent = [];
  });

  it('completes the session at the clock’s time, announces it once (a redelivery changes nothing) and frees the device', async () => {
    now = new Date('2026-11-25T09:05:00.000Z');
    await outcomes.handle(outcomeEvent(VerificationOutcomeV2));
    await outcomes.handle(outcomeEvent(VerificationOutcomeV2));
    expect(await sessions.get(sessionId)).toMatchObject({
      state: 'completed',
      completedAt: '2026-11-25T09:05:00.000Z',
      outcome: { kind: 'matched', reason: 'matched', decidedAt: '2026-11-25T09:04:00.000Z' },
    });
    expect(sent).toEqual(['session.completed.v4']);
    expect((await sessions.slotHolder('dev-1'))?.sessionId ?? null).toBeNull();
  });

  it('takes the v1 event (still on the topic) like the v2', async () => {
    await outcomes.handle(outcomeEvent(VerificationOutcomeV1));
    expect((await sessions.get(sessionId))?.state).toBe('completed');
  });

  it('shows the desk a v3 outcome: sentences, source, what was compared, 窓口負担 to collect and coverage', async () => {
    await outcomes.handle(v3());
    const view = sessionView((await sessions.get(sessionId))!);
    expect(view.outcome).toEqual({
      kind: 'matched',
      reason: 'Matched: collect 1,000 yen for the basic checkup.',
      reasonJa: '照合できました。基本的な健診の窓口負担 1,000円を徴収してください。',
      verifiedOnline: true,
      source: 'online',
      method: 'mynumber-card',
      comparedSources: ['presented-voucher', 'online-eligibility', 'contract'],
      collect: { lines: [{ part: 'basic', copayment: { kind: 'fixed', amount: 1000 }, yen: 1000 }], totalYen: 1000 },
      covers: { parts: ['basic', 'detailed'] },
      decidedAt: '2026-11-25T09:04:00.000Z',
    });
    expect(view.voucher).toMatchObject({ insurerNumber: EXAMPLE_INSURER_NUMBER, voucherNumber: EXAMPLE_VOUCHER_NUMBER });
    expect(sent).toEqual(['session.completed.v4']);
  });

  it('lets a settlement supersede a needs-manual-check: the view shows the settled outcome, and nothing is announced again', async () => {
    await outcomes.handle(
      v3({ outcome: 'needs-manual-check', reason: 'Several matches.', reasonJa: '複数該当。', collect: undefined, covers: undefined }),
    );
    now = new Date('2026-11-25T10:00:00.000Z');
    const settlement = {
      kind: 'insurer-confirmed' as const,
      by: 'operator-3',
      at: '2026-11-25T09:58:00.000Z',
      insurerContact: '保険者 資格担当',
      reference: 'TEL-0042',
    };
    const settled = v3({
      outcome: 'matched-after-settlement',
      reason: 'Settled by staff.',
      reasonJa: '職員が確認済み。',
      settlement,
      decidedAt: settlement.at,
    });
    await outcomes.handle(settled);
    const once = (await sessions.get(sessionId))!;
    // The consumer group keeps no processed-event log (idempotent): the settlement coming again changes nothing.
    await outcomes.handle(settled);
    const stored = (await sessions.get(sessionId))!;
    expect(stored).toEqual(once);
    expect(stored).toMatchObject({ state: 'completed', completedAt: '2026-11-25T09:00:00.000Z' });
    const view = sessionView(stored);
    expect(view.outcome).toMatchObject({
      kind: 'matched-after-settlement',
      settlement: { kind: 'insurer-confirmed', by: 'operator-3', at: '2026-11-25T09:58:00.000Z' },
      collect: { totalYen: 1000 },
    });
    // Who at the insurer answered and the reference stay with the decision.
    expect(JSON.stringify(view)).not.toContain('TEL-0042');
    expect(JSON.stringify(view)).not.toContain('資格担当');
    expect(sent).toEqual(['session.completed.v4']);
  });

  it('ignores a late outcome that is not a settlement, and a settlement of a session that matched', async () => {
    await outcomes.handle(v3());
    await outcomes.handle(v3({ outcome: 'voucher-already-used', reason: 'late', reasonJa: '遅延' }));
    const settlement = { kind: 'same-person' as const, by: 'operator-3', at: '2026-11-25T09:58:00.000Z', reason: '異体字 髙/高' };
    await outcomes.handle(v3({ outcome: 'matched-after-settlement', reason: 'x', reasonJa: 'x', settlement }));
    expect((await sessions.get(sessionId))?.outcome).toMatchObject({ kind: 'matched', decidedAt: '2026-11-25T09:04:00.000Z' });
    expect(sent).toEqual(['session.completed.v4']);
  });

  it('completes a 人間ドック without a voucher with insurer-confirmed: the view says it is not an identity check, next to the identity step', async () => {
    const store = sessionStore(sessions, relay, new RecentSessions());
    await devices.setState('dev-2', { state: 'active', institutionNumber, siteId: 'site-1' }, '2026-11-25T08:00:00.000Z');
    const dock = await new OpenSessionHandler(store, devices, () => now).execute(
      { deviceId: 'dev-2', purpose: 'comprehensive-checkup', withoutVoucher: true },
      undefined,
    );
    await new SubmitCardReadHandler(store, () => now).execute(dock.sessionId, {
      identityCheck: 'pin',
      cardReference: 'card-000002-0a1b2c3d',
    });
    await new VerifyIdentityHandler(store, () => now).execute(dock.sessionId, { checkedBy: 'staff-tanaka' }, 'dev-2');
    sent = [];
    await outcomes.handle(
      relay.stage(
        VerificationOutcomeV3,
        {
          sessionId: dock.sessionId,
          institutionNumber,
          siteId: 'site-1',
          outcome: 'insurer-confirmed',
          reason:
            'The visitor’s insurer has a contract for 人間ドック with this institution: insurer confirmed — not an identity check (本人確認ではありません).',
          reasonJa: '保険者を確認しました（本人確認ではありません）。',
          source: 'online',
          method: 'mynumber-card',
          verifiedOnline: true,
          comparedSources: ['online-eligibility', 'contract'],
          insurerNumber: EXAMPLE_INSURER_NUMBER,
          contractId: 'dock-2026',
          decidedAt: '2026-11-25T09:04:00.000Z',
        },
        { subject: dock.sessionId, correlationId: 'corr-dock' },
      ).envelope,
    );
    const stored = (await sessions.get(dock.sessionId))!;
    expect(stored.state).toBe('completed');
    const view = sessionView(stored);
    expect(view.outcome).toMatchObject({ kind: 'insurer-confirmed', reason: expect.stringContaining('not an identity check') });
    expect(view).not.toHaveProperty('voucher');
    expect(sent).toEqual(['session.completed.v4']);
  });

  it('fails on an outcome for an unknown session, so that it is dead-lettered', async () => {
    await expect(outcomes.handle(outcomeEvent(VerificationOutcomeV2, '5e6f7081-92a3-4b45-86d7-e8f90a1b2c3d'))).rejects.toThrow(
      'outcome for unknown session 5e6f7081-92a3-4b45-86d7-e8f90a1b2c3d',
    );
  });
});
