import { withInstitutionCheckDigit } from '@hcv/domain';
import { createLogger } from '@hcv/observability';
import { OutboxRelay } from '@hcv/persistence';
import { EXAMPLE_INSURER_NUMBER, aPresentedVoucher } from '@hcv/testing';
import { OpenSessionHandler } from '../open-session/open-session.handler';
import { InMemoryDeviceDirectory } from '../persistence/device-directory.memory';
import { RecentSessions } from '../persistence/recent-sessions';
import { sessionStore } from '../persistence/session-store';
import { InMemorySessionRepository } from '../persistence/session.memory';
import { PresentVoucherHandler } from '../present-voucher/present-voucher.handler';
import { RecordAlternativeHandler } from '../record-alternative/record-alternative.handler';
import { SubmitCardReadHandler } from '../submit-card-read/submit-card-read.handler';
import { capturedSessionId, SubmitCapturedSessionHandler } from './submit-captured-session.handler';

const capture = {
  idempotencyKey: 'capture-0001',
  deviceId: 'bus-01-dev-1',
  purpose: 'specific-checkup',
  capturedAt: '2026-11-24T13:00:00.000Z',
  card: { identityCheck: 'pin' as const, pinVerified: true, cardReference: 'card-000001-0a1b2c3d' },
  voucher: aPresentedVoucher(),
};

describe('submitting a session captured offline', () => {
  let now: Date;
  let sessions: InMemorySessionRepository;
  let devices: InMemoryDeviceDirectory;
  let sent: string[];
  let submit: SubmitCapturedSessionHandler;

  beforeEach(async () => {
    now = new Date('2026-11-25T09:00:00.000Z');
    sessions = new InMemorySessionRepository();
    devices = new InMemoryDeviceDirectory();
    sent = [];
    const relay = new OutboxRelay({
      source: 'card-session',
      stores: [sessions.outbox],
      logger: createLogger({ service: 'test', level: 'error' }),
      send: async (topic) => void sent.push(topic),
    });
    const store = sessionStore(sessions, devices, relay, new RecentSessions());
    const clock = () => now;
    submit = new SubmitCapturedSessionHandler(
      sessions,
      new OpenSessionHandler(store, devices, clock),
      new SubmitCardReadHandler(store, clock),
      new RecordAlternativeHandler(store, clock),
      new PresentVoucherHandler(store, clock),
    );
    await devices.setState(
      'bus-01-dev-1',
      { state: 'active', institutionNumber: withInstitutionCheckDigit('131123456'), siteId: 'bus-01' },
      '2026-11-24T08:00:00.000Z',
    );
  });

  it('replays the capture as one session: opened when captured, received at the clock’s time, the lookup requested', async () => {
    const { session, resent } = await submit.execute(capture, 'corr-bus');
    expect(resent).toBe(false);
    expect(session).toMatchObject({
      sessionId: capturedSessionId('bus-01-dev-1', 'capture-0001'),
      state: 'eligibility-requested',
      openedAt: '2026-11-24T13:00:00.000Z',
      capturedAt: '2026-11-24T13:00:00.000Z',
      checkupDate: '2026-11-24',
      lastActivityAt: '2026-11-25T09:00:00.000Z',
      correlationId: 'corr-bus',
      idempotencyKey: 'capture-0001',
    });
    expect(sent).toEqual(['session.opened.v1', 'session.card-read.v1', 'session.voucher-presented.v2', 'eligibility.requested.v2']);
    // A captured session never held the device's slot: the bus may have captured several.
    expect(await devices.activeSessionOf('bus-01-dev-1')).toBeNull();
  });

  it('answers a resend with the same session and announces nothing again', async () => {
    const first = await submit.execute(capture, undefined);
    now = new Date('2026-11-25T09:10:00.000Z');
    const again = await submit.execute(capture, undefined);
    expect(again).toEqual({ session: first.session, resent: true });
    expect(sent.filter((t) => t === 'session.opened.v1')).toHaveLength(1);
  });

  it('takes a capture shown by an alternative method', async () => {
    const eligibility = {
      insurerNumber: EXAMPLE_INSURER_NUMBER,
      symbol: '記号1',
      number: '1234',
      name: 'テスト 花子',
      birthDate: '1970-04-01',
    };
    const { card: _card, ...withoutCard } = capture;
    const { session } = await submit.execute(
      { ...withoutCard, idempotencyKey: 'capture-0002', alternative: { method: 'eligibility-certificate', eligibility } },
      undefined,
    );
    expect(session).toMatchObject({ state: 'eligibility-requested', method: 'eligibility-certificate' });
    expect(sent).toContain('qualification.transcribed.v2');
  });

  it('refuses a capture from a device that is not registered, storing nothing', async () => {
    await expect(submit.execute({ ...capture, deviceId: 'bus-99-dev-1' }, undefined)).rejects.toMatchObject({
      code: 'device-not-registered',
    });
    expect(await sessions.get(capturedSessionId('bus-99-dev-1', 'capture-0001'))).toBeNull();
  });

  it('keeps the voucher as presented (記号・番号 dropped once the request left) and refuses a wrong insurer number before storing anything', async () => {
    const { session } = await submit.execute(capture, undefined);
    expect(session.voucher).toMatchObject({ insurerNumber: EXAMPLE_INSURER_NUMBER, voucherNumber: '26001000001' });
    expect(session.voucher).not.toHaveProperty('number');
    const wrong = { ...capture, idempotencyKey: 'capture-0003', voucher: aPresentedVoucher({ insurerNumber: '06139012' }) };
    await expect(submit.execute(wrong, undefined)).rejects.toMatchObject({
      code: 'invalid-insurer-number',
      field: 'voucher.insurerNumber',
    });
    expect(await sessions.get(capturedSessionId('bus-01-dev-1', 'capture-0003'))).toBeNull();
  });
});
