import { anOpenedSession } from '@hcv/testing';
import { InMemorySessionRepository } from '../persistence/session.memory';
import { GetSessionHandler } from './get-session.handler';

describe('reading a session', () => {
  it('answers the device its own session, and "not found" for another device’s or an unknown one', async () => {
    const sessions = new InMemorySessionRepository();
    const session = anOpenedSession({ sessionId: '3c4d5e6f-7081-4923-a4b5-c6d7e8f90a1b', deviceId: 'dev-1' });
    await sessions.insert(session);
    const get = new GetSessionHandler(sessions);
    expect(await get.execute(session.sessionId, 'dev-1')).toEqual(session);
    await expect(get.execute(session.sessionId, 'dev-2')).rejects.toMatchObject({ code: 'session-not-found', status: 404 });
    await expect(get.execute('4d5e6f70-8192-4a34-b5c6-d7e8f90a1b2c', 'dev-1')).rejects.toMatchObject({ code: 'session-not-found' });
  });
});
