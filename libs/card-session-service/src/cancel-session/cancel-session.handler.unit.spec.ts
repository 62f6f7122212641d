import { withInstitutionCheckDigit } from '@hcv/domain';
import { createLogger } from '@hcv/observability';
import { OutboxRelay } from '@hcv/persistence';
import { OpenSessionHandler } from '../open-session/open-session.handler';
import { InMemoryDeviceDirectory } from '../persistence/device-directory.memory';
import { RecentSessions } from '../persistence/recent-sessions';
import { sessionStore } from '../persistence/session-store';
import { InMemorySessionRepository } from '../persistence/session.memory';
import { SubmitCardReadHandler } from '../submit-card-read/submit-card-read.handler';
import { CancelSessionHandler } from './cancel-session.handler';

describe('cancelling a session', () => {
  let now: Date;
  let sessions: InMemorySessionRepository;
  let devices: InMemoryDeviceDirectory;
  let sent: string[];
  let open: OpenSessionHandler;
  let cancel: CancelSessionHandler;
  let cardRead: SubmitCardReadHandler;

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
    open = new OpenSessionHandler(store, devices, () => now);
    cancel = new CancelSessionHandler(store, () => now);
    cardRead = new SubmitCardReadHandler(store, () => now);
    await devices.setState(
      'dev-1',
      { state: 'active', institutionNumber: withInstitutionCheckDigit('131123456'), siteId: 'site-1' },
      '2026-11-25T08:00:00.000Z',
    );
  });

  it('cancels at the clock’s time, drops the card reference, announces it and frees the device for the next visit', async () => {
    const { sessionId } = await open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    await cardRead.execute(sessionId, { identityCheck: 'visual', checkedBy: 'staff-1', cardReference: 'card-000001-0a1b2c3d' }, 'dev-1');
    now = new Date('2026-11-25T09:05:00.000Z');
    const cancelled = await cancel.execute(sessionId, { by: 'operator-1', reason: 'visitor left' }, 'dev-1');
    expect(cancelled).toMatchObject({
      state: 'cancelled',
      cancellation: { by: 'operator-1', reason: 'visitor left', at: '2026-11-25T09:05:00.000Z' },
    });
    expect((await sessions.get(sessionId))?.cardReference).toBeUndefined();
    expect(sent).toEqual(['session.opened.v2', 'session.card-read.v2', 'session.cancelled.v2']);
    expect((await sessions.slotHolder('dev-1'))?.sessionId ?? null).toBeNull();
    expect((await open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined)).state).toBe('opened');
  });

  it('refuses to cancel a finished session or another device’s, announcing nothing', async () => {
    const { sessionId } = await open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    await expect(cancel.execute(sessionId, { by: 'operator-2', reason: 'wrong device' }, 'dev-2')).rejects.toMatchObject({
      code: 'session-not-found',
    });
    await cancel.execute(sessionId, { by: 'operator-1', reason: 'visitor left' }, 'dev-1');
    await expect(cancel.execute(sessionId, { by: 'operator-1', reason: 'again' }, 'dev-1')).rejects.toMatchObject({
      code: 'session-state-conflict',
      status: 409,
    });
    expect(sent.filter((t) => t === 'session.cancelled.v2')).toHaveLength(1);
  });
});
