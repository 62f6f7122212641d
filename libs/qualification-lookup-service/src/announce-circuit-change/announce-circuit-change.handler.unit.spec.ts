import type { DataOf, EventContract } from '@hcv/contracts';
import type { EventPublisher } from '@hcv/messaging';
import { createLogger, type LogSink } from '@hcv/observability';
import { CircuitBreaker } from '../adapters/circuit-breaker';
import { AnnounceCircuitChangeHandler } from './announce-circuit-change.handler';

describe('announce a circuit change', () => {
  const clock = () => new Date('2026-11-24T09:00:00.000Z');

  it('publishes each change of the breaker as lookup.circuit-changed, keyed by the upstream', async () => {
    const published: { type: string; data: unknown; subject: string }[] = [];
    const publisher: EventPublisher = {
      publish: async <C extends EventContract>(contract: C, data: DataOf<C>, ctx: { subject: string }) => {
        published.push({ type: contract.topic, data, subject: ctx.subject });
        return {} as never;
      },
    };
    const handler = new AnnounceCircuitChangeHandler(
      publisher,
      clock,
      createLogger({ service: 'qualification-lookup', level: 'error' }),
      'host:1',
      10_000,
    );
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMillis: 10_000 }, () => 0);
    const told: Promise<void>[] = [];
    breaker.onChange((change) => told.push(handler.handle(change)));
    breaker.failure();
    await Promise.all(told);

    expect(published).toEqual([
      {
        type: 'lookup.circuit-changed.v1',
        subject: 'national-system',
        data: {
          upstream: 'national-system',
          instance: 'host:1',
          state: 'open',
          previous: 'closed',
          consecutiveFailures: 1,
          cooldownMillis: 10_000,
          at: '2026-11-24T09:00:00.000Z',
        },
      },
    ]);
  });

  it('logs a failed publish and settles (the next change is told anyway)', async () => {
    const lines: string[] = [];
    const sink: LogSink = (line) => void lines.push(line);
    const publisher: EventPublisher = { publish: async () => Promise.reject(new Error('broker down')) };
    const handler = new AnnounceCircuitChangeHandler(
      publisher,
      clock,
      createLogger({ service: 'qualification-lookup', level: 'error', sink }),
      'host:1',
      10_000,
    );
    await expect(handler.handle({ state: 'open', previous: 'closed', consecutiveFailures: 5 })).resolves.toBeUndefined();
    expect(lines.join('\n')).toContain('could not publish the circuit change');
  });
});
