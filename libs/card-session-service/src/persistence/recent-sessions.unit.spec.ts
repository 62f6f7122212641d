import { anOpenedSession } from '@hcv/testing';
import { RecentSessions } from './recent-sessions';
import type { Session } from '../domain/session.decide';

const session = (sessionId: string, state: Session['state'] = 'opened'): Session =>
  anOpenedSession({ sessionId, state, correlationId: sessionId, checkupDate: '2026-11-25', openedAt: '2026-11-25T09:00:00.000Z' });

describe('the sessions a process wrote last', () => {
  let now = 0;
  const recent = (options: { limit?: number; maxAgeMillis?: number } = {}) => new RecentSessions({ now: () => now, ...options });

  it('recalls what was remembered, frozen, until forgotten', () => {
    const r = recent();
    r.remember(session('s-1'));
    const copy = r.recall('s-1');
    expect(copy).toMatchObject({ sessionId: 's-1', state: 'opened' });
    expect(Object.isFrozen(copy)).toBe(true);
    r.forget('s-1');
    expect(r.recall('s-1')).toBeUndefined();
  });

  it('drops a session that finished: no step follows', () => {
    const r = recent();
    r.remember(session('s-1'));
    r.remember({ ...session('s-1', 'completed'), version: 3 });
    expect(r.recall('s-1')).toBeUndefined();
    expect(r.size).toBe(0);
  });

  it('reads the store again for a session untouched longer than the bound', () => {
    const r = recent({ maxAgeMillis: 1_000 });
    r.remember(session('s-1'));
    now += 999;
    expect(r.recall('s-1')).toBeDefined();
    now += 1;
    expect(r.recall('s-1')).toBeUndefined();
  });

  it('keeps at most `limit` sessions, dropping the least recently written', () => {
    const r = recent({ limit: 2 });
    r.remember(session('a'));
    r.remember(session('b'));
    r.remember({ ...session('a'), version: 1 });
    r.remember(session('c'));
    expect(r.recall('b')).toBeUndefined();
    expect(r.recall('a')?.version).toBe(1);
    expect(r.recall('c')).toBeDefined();
  });
});
