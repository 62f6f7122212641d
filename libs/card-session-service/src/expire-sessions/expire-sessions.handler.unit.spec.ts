import { withInstitutionCheckDigit } from '@hcv/domain';
import { createLogger } from '@hcv/observability';
import { OutboxRelay } from '@hcv/persistence';
import { aPresentedVoucher } from '@hcv/testing';
import { OpenSessionHandler } from '../open-session/open-session.handler';
import { InMemoryDeviceDirectory } from '../persistence/device-directory.memory';
import { RecentSessions } from '../persistence/recent-sessions';
import { sessionStore } from '../persistence/session-store';
import { InMemorySessionRepository } from '../persistence/session.memory';
import { PresentVoucherHandler } from '../present-voucher/present-voucher.handler';
import { SubmitCardReadHandler } from '../submit-card-read/submit-card-read.handler';
import { ExpireSessionsHandler } from './expire-sessions.handler';

const TIMEOUT = 15 * 60_000;
const at = (minutes: number) => new Date(Date.parse('2026-11-25T09:00:00.000Z') + minutes * 60_000);

describe('expiring abandoned sessions', () => {
  let now: Date;
  let sessions: InMemorySessionRepository;
  let devices: InMemoryDeviceDirectory;
  let sent: string[];
  let open: OpenSessionHandler;
  let cardRead: SubmitCardReadHandler;
  let voucher: PresentVoucherHandler;
  let expiry: ExpireSessionsHandler;

  beforeEach(async () => {
    now = at(0);
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
    open = new OpenSessionHandler(store, devices, clock);
    cardRead = new SubmitCardReadHandler(store, clock);
    voucher = new PresentVoucherHandler(store, clock);
    expiry = new ExpireSessionsHandler(sessions, store, clock, TIMEOUT);
    for (const deviceId of ['dev-1', 'dev-2']) {
      await devices.setState(
        deviceId,
        { state: 'active', institutionNumber: withInstitutionCheckDigit('131123456'), siteId: 'site-1' },
        '2026-11-25T08:00:00.000Z',
      );
    }
  });

  it('expires a session the device left idle for the timeout, counted from its last step, and frees the device', async () => {
    const { sessionId } = await open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    now = at(5);
    await cardRead.execute(sessionId, { identityCheck: 'visual', checkedBy: 'staff-1', cardReference: 'card-000001-0a1b2c3d' }, 'dev-1');
    sent = [];

    now = at(19.99);
    expect(await expiry.sweep()).toEqual([]);
    now = at(20.01);
    expect(await expiry.sweep()).toEqual([sessionId]);

    expect(await sessions.get(sessionId)).toMatchObject({ state: 'expired' });
    expect((await sessions.get(sessionId))?.cardReference).toBeUndefined();
    expect(sent).toEqual(['session.expired.v2']);
    expect((await sessions.slotHolder('dev-1'))?.sessionId ?? null).toBeNull();
    // A later sweep finds nothing left to expire.
    now = at(60);
    expect(await expiry.sweep()).toEqual([]);
  });

  it('leaves a session waiting for its outcome (not for the device) alone', async () => {
    const { sessionId } = await open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    await voucher.execute(sessionId, aPresentedVoucher(), 'dev-1');
    await cardRead.execute(sessionId, { identityCheck: 'visual', checkedBy: 'staff-1', cardReference: 'card-000001-0a1b2c3d' }, 'dev-1');
    const idle = await open.execute({ deviceId: 'dev-2', purpose: 'specific-checkup' }, undefined);
    now = at(60);
    expect(await expiry.sweep()).toEqual([idle.sessionId]);
    expect((await sessions.get(sessionId))?.state).toBe('eligibility-requested');
  });

  it('does not expire a session whose device acted between the sweep’s query and its write', async () => {
    const { sessionId } = await open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    now = at(16);
    // The device's card read lands while the sweep is deciding: the sweep's query still saw the old session.
    const findIdle = sessions.findIdle.bind(sessions);
    sessions.findIdle = async (...args) => {
      const idle = await findIdle(...args);
      await cardRead.execute(sessionId, { identityCheck: 'visual', checkedBy: 'staff-1', cardReference: 'card-000001-0a1b2c3d' }, 'dev-1');
      return idle;
    };
    expect(await expiry.sweep()).toEqual([]);
    expect((await sessions.get(sessionId))?.state).toBe('card-read');
  });
});
