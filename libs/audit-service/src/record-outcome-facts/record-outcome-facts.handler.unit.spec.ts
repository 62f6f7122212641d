import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@hcv/contracts';
import { InMemoryAnalyticsRepository } from '../persistence/analytics.memory';
import { RecordOutcomeFactsHandler } from './record-outcome-facts.handler';

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
