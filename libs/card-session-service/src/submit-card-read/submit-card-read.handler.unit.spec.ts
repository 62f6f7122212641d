import { withInstitutionCheckDigit } from '@hcv/domain';
import { createLogger } from '@hcv/observability';
import { OutboxRelay } from '@hcv/persistence';
import { InMemoryDeviceDirectory } from '../persistence/device-directory.memory';
import { RecentSessions } from '../persistence/recent-sessions';
import { sessionStore } from '../persistence/session-store';
import { InMemorySessionRepository } from '../persistence/session.memory';
import { OpenSessionHandler } from '../open-session/open-session.handler';
import { SubmitCardReadHandler } from './submit-card-read.handler';

describe('submitting the card read', () => {
  let now: Date;
  let sent: string[];
  let open: OpenSessionHandler;
  let cardRead: SubmitCardReadHandler;

  beforeEach(async () => {
    now = new Date('2026-11-25T09:00:00.000Z');
    const sessions = new InMemorySessionRepository();
    const devices = new InMemoryDeviceDirectory();
    sent = [];
    const relay = new OutboxRelay({
      source: 'card-session',
      stores: [sessions.outbox],
      logger: createLogger({ service: 'test', level: 'error' }),
      send: async (topic) => void sent.push(topic),
    });
    const store = sessionStore(sessions, relay, new RecentSessions());
    open = new OpenSessionHandler(store, devices, () => now);
    cardRead = new SubmitCardReadHandler(store, () => now);
    await devices.setState(
      'dev-1',
      { state: 'active', institutionNumber: withInstitutionCheckDigit('131123456'), siteId: 'site-1' },
      '2026-11-25T08:00:00.000Z',
    );
  });

  it('records a verified card at the clock’s time and announces it', async () => {
    const { sessionId } = await open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    now = new Date('2026-11-25T09:01:00.000Z');
    const read = await cardRead.execute(
      sessionId,
      { identityCheck: 'pin', pinVerified: true, cardReference: 'card-000001-0a1b2c3d' },
      'dev-1',
    );
    expect(read).toMatchObject({ state: 'card-read', identityCheck: 'pin', lastActivityAt: '2026-11-25T09:01:00.000Z', version: 1 });
    expect(sent).toEqual(['session.opened.v2', 'session.card-read.v2']);
  });

  it('locks the card after three failed PINs and offers the alternative methods', async () => {
    const { sessionId } = await open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    const failed = { identityCheck: 'pin' as const, pinVerified: false, cardReference: 'card-000001-0a1b2c3d' };
    await cardRead.execute(sessionId, failed, 'dev-1');
    await cardRead.execute(sessionId, failed, 'dev-1');
    expect(await cardRead.execute(sessionId, failed, 'dev-1')).toMatchObject({ state: 'card-locked', pinFailures: 3 });
    expect(sent).toEqual(['session.opened.v2']);
  });

  it('does not find the session for another device', async () => {
    const { sessionId } = await open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    await expect(
      cardRead.execute(sessionId, { identityCheck: 'visual', checkedBy: 'staff-1', cardReference: 'card-000001-0a1b2c3d' }, 'dev-2'),
    ).rejects.toMatchObject({ code: 'session-not-found' });
  });
});
