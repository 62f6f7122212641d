import { randomUUID } from 'node:crypto';
import type { EventEnvelope, StaffClaims } from '@hcv/contracts';
import { GetCoverageEligibilityHandler } from '../get-coverage-eligibility/get-coverage-eligibility.handler';
import { ListEventsHandler } from '../list-events/list-events.handler';
import { ListSessionsHandler } from '../list-sessions/list-sessions.handler';
import { InMemoryAuditRecordRepository } from '../persistence/audit-record.memory';
import { AuditLedger } from '../record-event/audit-ledger';
import { RecordEventHandler } from '../record-event/record-event.handler';
import { GetSessionStoryHandler } from './get-session-story.handler';

const KEY = 'unit-test-audit-key';
const staff = (roles: StaffClaims['roles'], sites?: string[]): StaffClaims => ({
  iss: 'hcv',
  sub: 'u',
  roles,
  ...(sites ? { sites } : {}),
  iat: 0,
  exp: 1,
});
const auditor = staff(['auditor']);
const operator = staff(['operator']);
const manager = (site: string) => staff(['site-manager'], [site]);
const event = (type: string, subject: string, data: Record<string, unknown>, time: string): EventEnvelope =>
  ({ id: randomUUID(), type, version: 1, time, source: 'card-session', subject, correlationId: 'c', data }) as EventEnvelope;

/** One session at bus-1: opened, resolved (with 記号・番号・枝番), decided. */
async function ledger() {
  const records = new InMemoryAuditRecordRepository();
  const recordEvent = new RecordEventHandler(new AuditLedger(records), KEY, () => new Date('2026-11-25T09:31:00.000Z'));
  const sessionId = randomUUID();
  const request = { sessionId, institutionNumber: '1311234569', siteId: 'bus-1', purpose: 'specific-checkup' };
  const events = [
    event(
      'session.opened',
      sessionId,
      { ...request, deviceId: 'bus-1-dev-1', checkupDate: '2026-11-25', openedAt: '2026-11-25T09:30:00Z' },
      '2026-11-25T09:30:00.000Z',
    ),
    event(
      'qualification.resolved',
      sessionId,
      { request, result: { status: 'eligible', qualification: { insurerNumber: '06139018', symbol: '12', number: '3456', branch: '01' } } },
      '2026-11-25T09:30:01.000Z',
    ),
    event(
      'verification.outcome',
      sessionId,
      { ...request, outcome: 'matched', reason: 'ok', decidedAt: '2026-11-25T09:30:02Z' },
      '2026-11-25T09:30:02.000Z',
    ),
  ];
  for (const [i, e] of events.entries())
    await recordEvent.handle(e, { topic: `${e.type}.v1`, partition: 0, offset: String(i), attempt: 1 });
  return { records, sessionId };
}
const qualificationOf = (events: { type: string; data: unknown }[]) =>
  (events.find((e) => e.type === 'qualification.resolved')!.data as { result: { qualification: Record<string, string> } }).result
    .qualification;

describe('the auditors’ read side', () => {
  it('tells a session with 記号・番号・枝番 in clear for auditors only, masked for the other roles', async () => {
    const { records, sessionId } = await ledger();
    const handler = new GetSessionStoryHandler(records, KEY);
    const forAuditor = await handler.handle(sessionId, auditor);
    expect(forAuditor.story).toMatchObject({ sessionId, siteId: 'bus-1', outcome: { kind: 'matched' } });
    expect(qualificationOf(forAuditor.events)).toMatchObject({ symbol: '12', number: '3456', branch: '01' });
    expect(qualificationOf((await handler.handle(sessionId, operator)).events)).toMatchObject({
      symbol: '****',
      number: '****',
      branch: '****',
    });
    expect(qualificationOf((await handler.handle(sessionId, manager('bus-1'))).events)).toMatchObject({ symbol: '****' });
  });

  it('answers "not found" to a site manager for another site’s session, in every form', async () => {
    const { records, sessionId } = await ledger();
    await expect(new GetSessionStoryHandler(records, KEY).handle(sessionId, manager('fac-1'))).rejects.toMatchObject({
      code: 'session-not-found',
    });
    await expect(new GetCoverageEligibilityHandler(records).handle(sessionId, manager('fac-1'))).rejects.toMatchObject({
      code: 'session-not-found',
    });
    await expect(new GetCoverageEligibilityHandler(records).handle(randomUUID(), auditor)).rejects.toMatchObject({
      code: 'session-not-found',
    });
    expect(await new GetCoverageEligibilityHandler(records).handle(sessionId, manager('bus-1'))).toMatchObject({
      resourceType: 'CoverageEligibilityResponse',
      outcome: 'complete',
    });
  });

  it('makes a site manager’s searches name one of their sites', async () => {
    const { records, sessionId } = await ledger();
    const sessions = new ListSessionsHandler(records);
    expect((await sessions.handle({ siteId: 'bus-1' }, manager('bus-1'))).sessions).toEqual([
      expect.objectContaining({ sessionId, events: 3 }),
    ]);
    await expect(sessions.handle({}, manager('bus-1'))).rejects.toMatchObject({ code: 'site-not-permitted' });
    await expect(new ListEventsHandler(records, KEY).handle({ siteId: 'fac-1' }, manager('bus-1'))).rejects.toMatchObject({
      code: 'site-not-permitted',
    });
    expect((await new ListEventsHandler(records, KEY).handle({ type: 'verification.outcome' }, operator)).events).toHaveLength(1);
  });
});
