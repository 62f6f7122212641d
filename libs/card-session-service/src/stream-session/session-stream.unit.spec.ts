import type { SessionResponse } from '@hcv/contracts';
import { anOpenedSession } from '@hcv/testing';
import { sessionView } from '../domain/session-view';
import { InMemorySessionRepository } from '../persistence/session.memory';
import { notifyingSessionRepository, SessionChanges } from './session-changes';
import { HEARTBEAT, sessionEvent, streamSession } from './session-stream';

const SESSION_ID = '3c4d5e6f-7081-4923-a4b5-c6d7e8f90a1b';

/** A stream over a session the test changes, with what it wrote and whether it ended. */
function setUp() {
  const stored = new InMemorySessionRepository();
  const changes = new SessionChanges();
  const sessions = notifyingSessionRepository(stored, changes);
  const written: string[] = [];
  let ended = 0;
  let reads = 0;
  const start = async () => {
    const read = async () => (reads++, sessionView((await sessions.get(SESSION_ID))!));
    return streamSession({
      first: await read(),
      read,
      subscribe: (listener) => changes.subscribe(SESSION_ID, listener),
      write: (chunk) => written.push(chunk),
      end: () => ended++,
      settings: { rereadMillis: 1_000, heartbeatMillis: 15_000, maxMillis: 600_000 },
    });
  };
  const events = () => written.filter((w) => w !== HEARTBEAT).map((w) => JSON.parse(w.split('data: ')[1]!) as SessionResponse);
  return { stored, sessions, changes, written, events, start, ended: () => ended, reads: () => reads };
}

describe('a session stream', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('ends a stream of an unfinished session after its longest time (the client reconnects), and stops reading', async () => {
    const t = setUp();
    await t.sessions.insert(anOpenedSession({ sessionId: SESSION_ID, deviceId: 'dev-1' }));
    await t.start();
    await jest.advanceTimersByTimeAsync(599_999);
    expect(t.ended()).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(t.ended()).toBe(1);
    const reads = t.reads();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(t.reads()).toBe(reads);
    expect(t.ended()).toBe(1);
  });

  it('sends the view at once, then each change this replica stores without waiting for the re-read', async () => {
    const t = setUp();
    const session = anOpenedSession({ sessionId: SESSION_ID, deviceId: 'dev-1' });
    await t.sessions.insert(session);
    await t.start();
    expect(t.written[0]).toBe(sessionEvent(sessionView(session)));
    await t.sessions.save({ ...session, state: 'card-read' });
    await jest.advanceTimersByTimeAsync(0); // the notice's read, no timer needed
    expect(t.events().map((e) => e.state)).toEqual(['opened', 'card-read']);
  });

  it('finds a change stored elsewhere (another replica) by its re-read every second, and never sends the same view twice', async () => {
    const t = setUp();
    const session = anOpenedSession({ sessionId: SESSION_ID, deviceId: 'dev-1' });
    await t.stored.insert(session);
    await t.start();
    await jest.advanceTimersByTimeAsync(3_000);
    expect(t.events()).toHaveLength(1); // re-read three times, nothing new
    expect(t.reads()).toBe(4);
    await t.stored.save({ ...session, state: 'card-read' }); // not through the notifying repository
    await jest.advanceTimersByTimeAsync(999);
    expect(t.events()).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(t.events().map((e) => e.state)).toEqual(['opened', 'card-read']);
  });

  it('sends a heartbeat comment every 15 s while nothing changes', async () => {
    const t = setUp();
    await t.stored.insert(anOpenedSession({ sessionId: SESSION_ID, deviceId: 'dev-1' }));
    await t.start();
    await jest.advanceTimersByTimeAsync(29_999);
    expect(t.written.filter((w) => w === HEARTBEAT)).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(t.written.filter((w) => w === HEARTBEAT)).toHaveLength(2);
  });

  it('ends after a terminal state, with no timer or subscription left', async () => {
    const t = setUp();
    const session = anOpenedSession({ sessionId: SESSION_ID, deviceId: 'dev-1' });
    await t.sessions.insert(session);
    await t.start();
    expect(t.changes.watched).toBe(1);
    await t.sessions.save({ ...session, state: 'cancelled' });
    await jest.advanceTimersByTimeAsync(0);
    expect(t.events().map((e) => e.state)).toEqual(['opened', 'cancelled']);
    expect(t.ended()).toBe(1);
    expect(t.changes.watched).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('ends at once for a session already finished', async () => {
    const t = setUp();
    await t.stored.insert({ ...anOpenedSession({ sessionId: SESSION_ID, deviceId: 'dev-1' }), state: 'expired' });
    await t.start();
    expect(t.events().map((e) => e.state)).toEqual(['expired']);
    expect(t.ended()).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
    expect(t.changes.watched).toBe(0);
  });

  it('stops everything when the client goes away', async () => {
    const t = setUp();
    const session = anOpenedSession({ sessionId: SESSION_ID, deviceId: 'dev-1' });
    await t.sessions.insert(session);
    const stream = await t.start();
    stream.close();
    expect(t.changes.watched).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    await t.sessions.save({ ...session, state: 'card-read' });
    await jest.advanceTimersByTimeAsync(20_000);
    expect(t.written).toHaveLength(1);
    expect(t.ended()).toBe(0);
  });
});
