import { openedSession } from '../card-session.fixture';
import { sessionView } from '../domain/session-view';
import { SubmitCardReadHandler } from '../submit-card-read/submit-card-read.handler';
import { ReportCardProblemHandler } from './report-card-problem.handler';

describe('reporting a card problem', () => {
  const now = new Date('2026-11-25T09:01:00.000Z');

  it('records the problem with its next steps, announces it, and keeps the session open for a re-read', async () => {
    const { store, sent, sessionId } = await openedSession(() => now);
    const session = await new ReportCardProblemHandler(store, () => now).execute(sessionId, { problem: 'not-registered' }, 'dev-1');
    expect(session).toMatchObject({
      state: 'opened',
      cardProblem: { problem: 'not-registered', nextSteps: ['present-alternative-document'] },
    });
    expect(sessionView(session).cardProblem?.reasonJa).toContain('利用登録');
    expect(sent).toEqual(['session.opened.v2', 'session.card-problem.v1']);
    const read = await new SubmitCardReadHandler(store, () => now).execute(
      sessionId,
      { identityCheck: 'pin', pinVerified: true, cardReference: 'card-000001-0a1b2c3d' },
      'dev-1',
    );
    expect(read.state).toBe('card-read');
    expect(read).not.toHaveProperty('cardProblem');
  });

  it('does not find the session for another device', async () => {
    const { store, sessionId } = await openedSession(() => now);
    await expect(
      new ReportCardProblemHandler(store, () => now).execute(sessionId, { problem: 'unreadable' }, 'dev-2'),
    ).rejects.toMatchObject({
      code: 'session-not-found',
    });
  });
});
