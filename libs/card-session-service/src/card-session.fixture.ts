// The memory set-up the card-session handler specs share (not built, not linted as product code):
// the session store over memory adapters, an active device and one opened session.
import { withInstitutionCheckDigit } from '@hcv/domain';
import { createLogger } from '@hcv/observability';
import { OutboxRelay } from '@hcv/persistence';
import { OpenSessionHandler } from './open-session/open-session.handler';
import { InMemoryDeviceDirectory } from './persistence/device-directory.memory';
import { RecentSessions } from './persistence/recent-sessions';
import { sessionStore } from './persistence/session-store';
import { InMemorySessionRepository } from './persistence/session.memory';

/** A store whose sent topics are recorded, with device dev-1 active at site-1 and one session opened on it. */
export async function openedSession(clock: () => Date) {
  const sessions = new InMemorySessionRepository();
  const devices = new InMemoryDeviceDirectory();
  const sent: string[] = [];
  const relay = new OutboxRelay({
    source: 'card-session',
    stores: [sessions.outbox],
    logger: createLogger({ service: 'test', level: 'error' }),
    send: async (topic) => void sent.push(topic),
  });
  const store = sessionStore(sessions, relay, new RecentSessions());
  await devices.setState(
    'dev-1',
    { state: 'active', institutionNumber: withInstitutionCheckDigit('131123456'), siteId: 'site-1' },
    '2026-11-25T08:00:00.000Z',
  );
  const { sessionId } = await new OpenSessionHandler(store, devices, clock).execute(
    { deviceId: 'dev-1', purpose: 'specific-checkup' },
    undefined,
  );
  return { sessions, devices, sent, store, sessionId };
}
