import { VerificationOutcomeV2 } from '@hcv/contracts';
import { withInstitutionCheckDigit } from '@hcv/domain';
import { createLogger } from '@hcv/observability';
import { OutboxRelay } from '@hcv/persistence';
import { aPresentedVoucher } from '@hcv/testing';
import { InMemoryDeviceDirectory } from './device-directory.memory';
import { OpenSessionHandler } from '../open-session/open-session.handler';
import { PresentVoucherHandler } from '../present-voucher/present-voucher.handler';
import { RecordOutcomeHandler } from '../record-outcome/record-outcome.handler';
import { SubmitCardReadHandler } from '../submit-card-read/submit-card-read.handler';
import { RecentSessions } from './recent-sessions';
import { sessionStore } from './session-store';
import { InMemorySessionRepository } from './session.memory';

/** The store shared by every instance, counting its session reads. */
class CountingSessions extends InMemorySessionRepository {
  reads = 0;
  override async get(sessionId: string) {
    this.reads++;
    return super.get(sessionId);
  }
}

const institutionNumber = withInstitutionCheckDigit('131123456');
const clock = () => new Date('2026-11-25T09:00:00.000Z');
const card = { identityCheck: 'pin' as const, pinVerified: true, cardReference: 'card-000001-0a1b2c3d' };

/**
 * The steps of a verification on one or two card-session instances sharing one store: each instance
 * remembers the sessions it wrote, and must never act on a stale copy (another instance's write).
 */
describe('session steps with the sessions a process wrote last', () => {
  let sessions: CountingSessions;
  let devices: InMemoryDeviceDirectory;
  let sent: string[];
  let relay: OutboxRelay;

  const instance = () => {
    const recent = new RecentSessions();
    const store = sessionStore(sessions, relay, recent);
    return {
      recent,
      open: new OpenSessionHandler(store, devices, clock),
      cardRead: new SubmitCardReadHandler(store, clock),
      voucher: new PresentVoucherHandler(store, clock),
      outcome: new RecordOutcomeHandler(store, clock),
    };
  };
  const outcomeFor = (sessionId: string) =>
    relay.stage(
      VerificationOutcomeV2,
      {
        sessionId,
        institutionNumber,
        siteId: 'site-1',
        voucherNumber: '26001000001',
        outcome: 'matched',
        reason: 'matched',
        decidedAt: clock().toISOString(),
      },
      { subject: sessionId, correlationId: sessionId },
    ).envelope;

  beforeEach(async () => {
    sessions = new CountingSessions();
    devices = new InMemoryDeviceDirectory();
    sent = [];
    relay = new OutboxRelay({
      source: 'card-session',
      stores: [sessions.outbox],
      logger: createLogger({ service: 'test', level: 'error' }),
      send: async (topic) => void sent.push(topic),
    });
    await devices.setState('dev-1', { state: 'active', institutionNumber, siteId: 'site-1' }, '2026-11-25T08:00:00.000Z');
  });

  it('runs a verification on one instance without reading the session back', async () => {
    const a = instance();
    const opened = await a.open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    await a.cardRead.execute(opened.sessionId, card, 'dev-1');
    expect((await a.voucher.execute(opened.sessionId, aPresentedVoucher(), 'dev-1')).state).toBe('eligibility-requested');
    await a.outcome.handle(outcomeFor(opened.sessionId));

    expect(sessions.reads).toBe(0);
    expect(await sessions.get(opened.sessionId)).toMatchObject({ state: 'completed', version: 3 });
    expect(sent.filter((t) => t.startsWith('eligibility.requested'))).toHaveLength(1);
    expect(sent.filter((t) => t.startsWith('session.completed'))).toHaveLength(1);
    expect(await sessions.slotHolder('dev-1')).toBeNull(); // freed by the completing write
    expect(a.recent.size).toBe(0); // finished: forgotten
  });

  it('answers a step on a copy made stale by another instance as a fresh read would (conflict, then re-read)', async () => {
    const a = instance();
    const b = instance();
    const opened = await a.open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    await a.cardRead.execute(opened.sessionId, card, 'dev-1'); // a remembers version 1, card-read
    await b.voucher.execute(opened.sessionId, aPresentedVoucher(), 'dev-1'); // b writes version 2
    sessions.reads = 0;

    // The device resends the voucher to a: its copy accepts it, the versioned save refuses, the
    // fresh read shows the lookup already requested.
    await expect(a.voucher.execute(opened.sessionId, aPresentedVoucher(), 'dev-1')).rejects.toMatchObject({
      code: 'session-state-conflict',
    });
    expect(sessions.reads).toBe(1);
    expect(sent.filter((t) => t.startsWith('eligibility.requested'))).toHaveLength(1);

    // The outcome reaches a (its copy is stale) and is redelivered to b (its copy is stale too by then).
    await a.outcome.handle(outcomeFor(opened.sessionId));
    await b.outcome.handle(outcomeFor(opened.sessionId));
    expect(await sessions.get(opened.sessionId)).toMatchObject({ state: 'completed', version: 3 });
    expect(sent.filter((t) => t.startsWith('session.completed'))).toHaveLength(1);
  });

  it('asks the store before refusing on a remembered copy', async () => {
    const a = instance();
    const opened = await a.open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    // A copy that would refuse the voucher (as if the lookup had been requested) while the store says opened.
    a.recent.remember({ ...opened, state: 'eligibility-requested' });
    sessions.reads = 0;
    expect((await a.voucher.execute(opened.sessionId, aPresentedVoucher(), 'dev-1')).voucher?.voucherNumber).toBe('26001000001');
    expect(sessions.reads).toBe(1);
  });

  it('still refuses another device, whatever it remembers', async () => {
    const a = instance();
    const opened = await a.open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    await expect(a.cardRead.execute(opened.sessionId, card, 'dev-2')).rejects.toMatchObject({ code: 'session-not-found' });
  });

  it('frees the device’s slot with the write that finishes its session, and never steals a live one', async () => {
    const a = instance();
    const first = await a.open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    await a.cardRead.execute(first.sessionId, card, 'dev-1');
    // While the first is under way its slot is refused to a second visit.
    await expect(a.open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined)).rejects.toMatchObject({
      code: 'device-has-active-session',
      message: expect.stringContaining(first.sessionId),
    });
    expect((await sessions.slotHolder('dev-1'))?.sessionId).toBe(first.sessionId);
    // The write that completes the session frees the slot (no write of its own).
    await sessions.save({ ...(await sessions.get(first.sessionId))!, state: 'completed' });
    expect(await sessions.slotHolder('dev-1')).toBeNull();
    const next = await a.open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    expect((await sessions.slotHolder('dev-1'))?.sessionId).toBe(next.sessionId);
  });
});
