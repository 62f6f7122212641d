import { VerificationOutcomeV1, VerificationOutcomeV2 } from '@hcv/contracts';
import { withInstitutionCheckDigit } from '@hcv/domain';
import { createLogger } from '@hcv/observability';
import { OutboxRelay } from '@hcv/persistence';
import { OpenSessionHandler } from '../open-session/open-session.handler';
import { InMemoryDeviceDirectory } from '../persistence/device-directory.memory';
import { RecentSessions } from '../persistence/recent-sessions';
import { sessionStore } from '../persistence/session-store';
import { InMemorySessionRepository } from '../persistence/session.memory';
import { PresentVoucherHandler } from '../present-voucher/present-voucher.handler';
import { SubmitCardReadHandler } from '../submit-card-read/submit-card-read.handler';
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
    const store = sessionStore(sessions, devices, relay, new RecentSessions());
    outcomes = new RecordOutcomeHandler(store, () => now);
    await devices.setState('dev-1', { state: 'active', institutionNumber, siteId: 'site-1' }, '2026-11-25T08:00:00.000Z');
    ({ sessionId } = await new OpenSessionHandler(store, devices, () => now).execute(
      { deviceId: 'dev-1', purpose: 'specific-checkup' },
      undefined,
    ));
    await new SubmitCardReadHandler(store, () => now).execute(sessionId, {
      identityCheck: 'visual',
      cardReference: 'card-000001-0a1b2c3d',
    });
    await new PresentVoucherHandler(store, () => now).execute(sessionId, { voucherNumber: '26001000001' });
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
    expect(sent).toEqual(['session.completed.v2']);
    expect(await devices.activeSessionOf('dev-1')).toBeNull();
  });

  it('takes the v1 event (still on the topic) like the v2', async () => {
    await outcomes.handle(outcomeEvent(VerificationOutcomeV1));
    expect((await sessions.get(sessionId))?.state).toBe('completed');
  });

  it('fails on an outcome for an unknown session, so that it is dead-lettered', async () => {
    await expect(outcomes.handle(outcomeEvent(VerificationOutcomeV2, '5e6f7081-92a3-4b45-86d7-e8f90a1b2c3d'))).rejects.toThrow(
      'outcome for unknown session 5e6f7081-92a3-4b45-86d7-e8f90a1b2c3d',
    );
  });
});
