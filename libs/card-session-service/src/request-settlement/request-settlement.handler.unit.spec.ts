import { openedSession } from '../card-session.fixture';
import { decideSession } from '../domain/session.decide';
import { sessionView } from '../domain/session-view';
import { RequestSettlementHandler } from './request-settlement.handler';

describe('a device asking for the settlement of its session (精算依頼)', () => {
  let now = new Date('2026-11-25T09:00:00.000Z');
  const clock = () => now;

  async function completedWith(kind: 'member-mismatch' | 'matched') {
    const fixture = await openedSession(clock);
    const outcome = { kind, reason: kind, decidedAt: now.toISOString() };
    await fixture.store.update(fixture.sessionId, (s) =>
      decideSession({ kind: 'record-outcome', outcome, at: now }, { ...s, state: 'eligibility-requested' }),
    );
    return fixture;
  }

  it('records the request once and announces it once; a repeat answers the same session', async () => {
    const { store, sessions, sent, sessionId } = await completedWith('member-mismatch');
    const handler = new RequestSettlementHandler(store, clock);
    now = new Date('2026-11-25T09:04:00.000Z');
    const first = await handler.execute(sessionId, { requestedBy: 'staff-suzuki' }, 'dev-1');
    expect(sessionView(first).settlementRequest).toEqual({ requestedAt: '2026-11-25T09:04:00.000Z', requestedBy: 'staff-suzuki' });
    now = new Date('2026-11-25T09:05:00.000Z');
    const again = await handler.execute(sessionId, {}, 'dev-1');
    expect(again.settlementRequest).toEqual(first.settlementRequest);
    expect((await sessions.get(sessionId))?.settlementRequest).toEqual(first.settlementRequest);
    expect(sent.filter((t) => t === 'session.settlement-requested.v1')).toHaveLength(1);
  });

  it('refuses another device’s session as not found, and an outcome staff do not settle', async () => {
    const mismatch = await completedWith('member-mismatch');
    await expect(new RequestSettlementHandler(mismatch.store, clock).execute(mismatch.sessionId, {}, 'dev-2')).rejects.toMatchObject({
      code: 'session-not-found',
    });
    const matched = await completedWith('matched');
    await expect(new RequestSettlementHandler(matched.store, clock).execute(matched.sessionId, {}, 'dev-1')).rejects.toMatchObject({
      code: 'settlement-not-requestable',
      status: 409,
    });
    expect(matched.sent).not.toContain('session.settlement-requested.v1');
  });
});
