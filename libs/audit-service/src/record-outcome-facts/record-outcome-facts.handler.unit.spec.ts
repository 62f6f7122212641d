import { randomUUID } from 'node:crypto';
import { ALL_EVENT_CONTRACTS, type EventEnvelope } from '@hcv/contracts';
import { InMemoryAnalyticsRepository } from '../persistence/analytics.memory';
import { ANALYTICS_CONTRACTS, ANALYTICS_EVENT_TYPES, RecordOutcomeFactsHandler } from './record-outcome-facts.handler';

const event = (type: string, data: Record<string, unknown>): EventEnvelope =>
  ({
    id: randomUUID(),
    type,
    version: 1,
    time: '2026-11-24T01:00:00.000Z',
    source: 'card-session',
    subject: 's',
    correlationId: 'c',
    data,
  }) as EventEnvelope;

describe('recording outcome facts', () => {
  const sessionId = randomUUID();
  const opened = event('session.opened', { sessionId, institutionNumber: '1311234569', siteId: 'bus-1', purpose: 'specific-checkup' });
  const cardRead = event('session.card-read', { sessionId });
  const decided = event('verification.outcome', {
    sessionId,
    institutionNumber: '1311234569',
    siteId: 'bus-1',
    outcome: 'matched',
    decidedAt: '2026-11-24T01:00:00Z',
    insurerNumber: '06139018',
  });
  const completed = event('session.completed', { sessionId, outcome: 'matched', elapsedMillis: 800 });

  it.each([
    ['in order', [opened, cardRead, decided, completed]],
    ['completion first', [completed, decided, cardRead, opened]],
  ])(
    'counts a session into its cell once its facts are complete, whatever the order (%s), and redelivery changes nothing',
    async (_name, events) => {
      const analytics = new InMemoryAnalyticsRepository();
      const apply = jest.spyOn(analytics, 'apply');
      const handler = new RecordOutcomeFactsHandler(analytics);
      for (const e of events) await handler.handle(e);
      expect(apply).toHaveBeenCalledTimes(1);
      for (const e of events) await handler.handle(e);
      expect(await analytics.cells('2026-11-24', '2026-11-24')).toEqual([
        expect.objectContaining({
          siteId: 'bus-1',
          insurerNumber: '06139018',
          method: 'mynumber-card',
          outcome: 'matched',
          count: 1,
          totalMillis: 800,
          buckets: { le1000: 1 },
        }),
      ]);
    },
  );
});

describe('recording v3 outcomes: the source split and settlements', () => {
  const sessionId = randomUUID();
  const transcribed = event('qualification.transcribed', {
    request: { sessionId, institutionNumber: '1311234569', siteId: 'bus-1', purpose: 'specific-checkup', checkupDate: '2026-11-24' },
    method: 'eligibility-certificate',
    eligibility: { insurerNumber: '06139018' },
  });
  const decided = event('verification.outcome', {
    sessionId,
    institutionNumber: '1311234569',
    siteId: 'bus-1',
    outcome: 'member-mismatch',
    source: 'transcribed',
    verifiedOnline: false,
    decidedAt: '2026-11-24T01:00:00Z',
    insurerNumber: '06139018',
  });
  const completed = event('session.completed', { sessionId, outcome: 'member-mismatch', source: 'transcribed', elapsedMillis: 800 });
  const settled = event('verification.outcome', {
    sessionId,
    institutionNumber: '1311234569',
    siteId: 'bus-1',
    outcome: 'matched-after-settlement',
    source: 'transcribed',
    verifiedOnline: false,
    settlement: { kind: 'same-person', by: 'op-1', at: '2026-11-24T02:00:00Z', reason: '異体字 髙/高' },
    decidedAt: '2026-11-24T02:00:00Z',
  });

  it.each([
    ['settled after completion', [transcribed, decided, completed, settled]],
    ['settlement before completion reached the analytics', [transcribed, decided, settled, completed]],
  ])('counts the session as transcribed in its first outcome’s cell, settled once (%s)', async (_name, events) => {
    const analytics = new InMemoryAnalyticsRepository();
    const handler = new RecordOutcomeFactsHandler(analytics);
    for (const e of [...events, ...events]) await handler.handle(e);
    expect(await analytics.cells('2026-11-24', '2026-11-24')).toEqual([
      expect.objectContaining({ source: 'transcribed', outcome: 'member-mismatch', count: 1, settled: 1 }),
    ]);
  });
});

describe('which events the analytics consume', () => {
  it('takes every registered version of the session events it reads, the newest included', () => {
    const newest = new Map<string, number>();
    for (const c of ALL_EVENT_CONTRACTS) if (c.version > (newest.get(c.type) ?? 0)) newest.set(c.type, c.version);
    for (const type of ANALYTICS_EVENT_TYPES) {
      const versions = ANALYTICS_CONTRACTS.filter((c) => c.type === type).map((c) => c.version);
      expect({ type, newest: Math.max(...versions) }).toEqual({ type, newest: newest.get(type) });
    }
    expect(ANALYTICS_CONTRACTS.map((c) => `${c.type}@${c.version}`)).toEqual(
      expect.arrayContaining(['session.opened@2', 'session.completed@4', 'eligibility.requested@3', 'qualification.transcribed@3']),
    );
  });
});

describe('recording the sessions of an insurer running checkups itself (限定型 at the insurer)', () => {
  const sessionId = randomUUID();
  const code = 'C1000123';
  // session.opened v3 and verification.outcome v4 name the insurer's code instead of an institution number
  const opened = event('session.opened', { sessionId, onlineEligibilityCode: code, siteId: 'kenpo-hall', purpose: 'specific-checkup' });
  const cardRead = event('session.card-read', { sessionId });
  const decided = event('verification.outcome', {
    sessionId,
    onlineEligibilityCode: code,
    siteId: 'kenpo-hall',
    outcome: 'matched',
    decidedAt: '2026-11-24T01:00:00Z',
    insurerNumber: '06139018',
  });
  const completed = event('session.completed', { sessionId, outcome: 'matched', elapsedMillis: 600 });

  it('counts them in a cell of their own, by the insurer’s code and the visitor’s insurer, never as an institution', async () => {
    const analytics = new InMemoryAnalyticsRepository();
    const handler = new RecordOutcomeFactsHandler(analytics);
    for (const e of [completed, decided, cardRead, opened]) await handler.handle(e);
    const other = randomUUID();
    for (const e of [
      event('session.opened', { sessionId: other, institutionNumber: '1311234569', siteId: 'bus-1', purpose: 'specific-checkup' }),
      event('session.card-read', { sessionId: other }),
      event('verification.outcome', {
        sessionId: other,
        institutionNumber: '1311234569',
        siteId: 'bus-1',
        outcome: 'matched',
        decidedAt: '2026-11-24T01:00:00Z',
        insurerNumber: '06139018',
      }),
      event('session.completed', { sessionId: other, outcome: 'matched', elapsedMillis: 900 }),
    ])
      await handler.handle(e);
    const cells = await analytics.cells('2026-11-24', '2026-11-24');
    expect(cells).toEqual([
      expect.objectContaining({
        institutionNumber: '-',
        onlineEligibilityCode: code,
        siteId: 'kenpo-hall',
        insurerNumber: '06139018',
        count: 1,
      }),
      expect.objectContaining({
        institutionNumber: '1311234569',
        onlineEligibilityCode: '-',
        siteId: 'bus-1',
        insurerNumber: '06139018',
        count: 1,
      }),
    ]);
  });

  it('reads every version of the insurer’s session events', () => {
    const versions = (type: string) => ANALYTICS_CONTRACTS.filter((c) => c.type === type).map((c) => c.version);
    expect(versions('session.opened')).toContain(3);
    expect(versions('verification.outcome')).toContain(4);
    expect(versions('eligibility.requested')).toContain(4);
    expect(versions('qualification.transcribed')).toContain(4);
  });
});
