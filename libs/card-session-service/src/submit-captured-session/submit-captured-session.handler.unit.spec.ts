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
import { capturedSessionId, SubmitCapturedSessionHandler } from './submit-captured-session.handler';

const eligibility = {
  insurerNumber: EXAMPLE_INSURER_NUMBER,
  symbol: '記号1',
  number: '1234',
  name: 'テスト 花子',
  birthDate: '1970-04-01',
};
const capture = {
  idempotencyKey: 'capture-0001',
  deviceId: 'bus-01-dev-1',
  purpose: 'specific-checkup',
  capturedAt: '2026-11-24T13:00:00.000Z',
  stopId: 'stop-2',
  alternative: { method: 'eligibility-certificate' as const, eligibility },
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
    const store = sessionStore(sessions, relay, new RecentSessions());
    const clock = () => now;
    submit = new SubmitCapturedSessionHandler(
      store,
      new OpenSessionHandler(store, devices, clock),
      new RecordAlternativeHandler(store, clock),
      new PresentVoucherHandler(store, clock),
    );
    await devices.setState(
      'bus-01-dev-1',
      { state: 'active', institutionNumber: withInstitutionCheckDigit('131123456'), siteId: 'bus-01' },
      '2026-11-24T08:00:00.000Z',
    );
  });

  it('replays the capture as one session: opened when captured, received at the clock’s time, the transcribed eligibility sent', async () => {
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
      stopId: 'stop-2',
      method: 'eligibility-certificate',
    });
    expect(sent).toEqual([
      'session.opened.v2',
      'session.voucher-presented.v3',
      'session.method-recorded.v2',
      'qualification.transcribed.v3',
    ]);
    // One write: the session as stored is the one answered, with every event of the capture in its outbox.
    expect(await sessions.get(session.sessionId)).toEqual(session);
    expect(session.version).toBe(0);
    // A captured session never held the device's slot: the bus may have captured several.
    expect((await sessions.slotHolder('bus-01-dev-1'))?.sessionId ?? null).toBeNull();
  });

  it('answers a resend with the same session and announces nothing again', async () => {
    const first = await submit.execute(capture, undefined);
    now = new Date('2026-11-25T09:10:00.000Z');
    const again = await submit.execute(capture, undefined);
    expect(again).toEqual({ session: first.session, resent: true });
    expect(sent.filter((t) => t === 'session.opened.v2')).toHaveLength(1);
  });

  it('refuses a card read in a capture, storing nothing: 限定型 is online only', async () => {
    const card = { identityCheck: 'pin', pinVerified: true, cardReference: 'card-000001-0a1b2c3d' };
    await expect(submit.execute({ ...capture, idempotencyKey: 'capture-0002', card }, undefined)).rejects.toMatchObject({
      code: 'card-read-needs-online',
      status: 422,
      field: 'card',
    });
    expect(await sessions.get(capturedSessionId('bus-01-dev-1', 'capture-0002'))).toBeNull();
    const { alternative: _alternative, ...noAlternative } = capture;
    await expect(submit.execute({ ...noAlternative, idempotencyKey: 'capture-0004' }, undefined)).rejects.toMatchObject({
      code: 'invalid-request',
      field: 'alternative',
    });
  });

  it('takes the paper route (被保険者証) for a checkup date it is valid for, and refuses it after, naming the method', async () => {
    const paper = { method: 'health-insurance-card' as const, eligibility };
    const { session } = await submit.execute(
      { ...capture, idempotencyKey: 'capture-0005', capturedAt: '2025-11-20T01:00:00.000Z', alternative: paper },
      undefined,
    );
    expect(session).toMatchObject({ state: 'eligibility-requested', method: 'health-insurance-card', checkupDate: '2025-11-20' });
    await expect(submit.execute({ ...capture, idempotencyKey: 'capture-0006', alternative: paper }, undefined)).rejects.toMatchObject({
      code: 'method-not-valid-on-date',
    });
    // Taken whole or not at all: the refused step leaves no opened session behind.
    expect(await sessions.get(capturedSessionId('bus-01-dev-1', 'capture-0006'))).toBeNull();
  });

  it('takes a 人間ドック capture without a voucher, and refuses a voucher-less capture otherwise', async () => {
    const { voucher: _voucher, ...noVoucher } = capture;
    const { session } = await submit.execute(
      { ...noVoucher, idempotencyKey: 'capture-0007', purpose: 'comprehensive-checkup', withoutVoucher: true },
      undefined,
    );
    expect(session).toMatchObject({ state: 'eligibility-requested', withoutVoucher: true });
    await expect(submit.execute({ ...noVoucher, idempotencyKey: 'capture-0008' }, undefined)).rejects.toMatchObject({
      code: 'invalid-request',
      field: 'voucher',
    });
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
