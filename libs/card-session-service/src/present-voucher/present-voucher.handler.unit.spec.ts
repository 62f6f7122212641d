import { withInstitutionCheckDigit } from '@hcv/domain';
import { createLogger } from '@hcv/observability';
import { OutboxRelay } from '@hcv/persistence';
import { InMemoryDeviceDirectory } from '../persistence/device-directory.memory';
import { RecentSessions } from '../persistence/recent-sessions';
import { sessionStore } from '../persistence/session-store';
import { InMemorySessionRepository } from '../persistence/session.memory';
import { OpenSessionHandler } from '../open-session/open-session.handler';
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
    sessions = new InMemorySessionRepository();
    const devices = new InMemoryDeviceDirectory();
    sent = [];
    const relay = new OutboxRelay({
      source: 'card-session',
      stores: [sessions.outbox],
      logger: createLogger({ service: 'test', level: 'error' }),
      send: async (topic) => void sent.push(topic),
    });
    const store = sessionStore(sessions, devices, relay, new RecentSessions());
    cardRead = new SubmitCardReadHandler(store, () => now);
    voucher = new PresentVoucherHandler(store, () => now);
    await devices.setState(
      'dev-1',
      { state: 'active', institutionNumber: withInstitutionCheckDigit('131123456'), siteId: 'site-1' },
      '2026-11-25T08:00:00.000Z',
    );
    ({ sessionId } = await new OpenSessionHandler(store, devices, () => now).execute(
      { deviceId: 'dev-1', purpose: 'specific-checkup' },
      undefined,
    ));
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
