import { randomUUID } from 'node:crypto';
import { SessionCardReadV1 } from '@hcv/contracts';
import { createLogger } from '@hcv/observability';
import { deliver, handlerMap, type DeliveryOptions, type IncomingMessage } from './delivery';
import { buildEnvelope } from './envelope-codec';
import { InMemoryProcessedEventLog, on, type Subscription } from './message-bus';

const logger = createLogger({ service: 'test', level: 'error' });
const FAST: DeliveryOptions = { maxAttempts: 2, backoffMillis: 1, retryDelaysMillis: [] };

/** A processed-event log that counts its round trips. */
function countingLog() {
  const log = new InMemoryProcessedEventLog();
  const calls = { seen: 0, record: 0 };
  return {
    calls,
    log: {
      seen: (g: string, id: string) => (calls.seen++, log.seen(g, id)),
      record: (g: string, id: string) => (calls.record++, log.record(g, id)),
    },
  };
}

function setUp(idempotent: boolean | undefined, handle: () => Promise<void> = async () => undefined) {
  const { calls, log } = countingLog();
  const handled: string[] = [];
  const subscription: Subscription = {
    groupId: 'g',
    processedLog: log,
    handlers: [
      on(SessionCardReadV1, async (e) => {
        await handle();
        handled.push(e.id);
      }),
    ],
    ...(idempotent === undefined ? {} : { idempotent }),
  };
  const sessionId = randomUUID();
  const event = buildEnvelope(SessionCardReadV1, { sessionId, identityCheck: 'pin', readAt: '2026-11-25T09:30:00Z' }, 'card-session', {
    subject: sessionId,
    correlationId: 'c',
  });
  const message: IncomingMessage = {
    topic: SessionCardReadV1.topic,
    partition: 0,
    offset: '7',
    key: sessionId,
    value: JSON.stringify(event),
    headers: {},
  };
  const dlq: string[] = [];
  const send = () => deliver(message, subscription, handlerMap(subscription), async (topic) => void dlq.push(topic), logger, FAST);
  return { calls, handled, send, dlq, event };
}

describe('delivery for an idempotent subscription', () => {
  it('by default checks and records the processed-event log, and skips a redelivery as a duplicate', async () => {
    const { calls, handled, send } = setUp(undefined);
    expect(await send()).toBe('handled');
    expect(await send()).toBe('duplicate');
    expect(handled).toHaveLength(1);
    expect(calls).toEqual({ seen: 2, record: 1 });
  });

  it('with `idempotent: true` never touches the log and hands a redelivery to the handler again', async () => {
    const { calls, handled, send, event } = setUp(true);
    expect(await send()).toBe('handled');
    expect(await send()).toBe('handled');
    expect(handled).toEqual([event.id, event.id]);
    expect(calls).toEqual({ seen: 0, record: 0 });
  });

  it('with `idempotent: true` still retries a failing handler and dead-letters it as before', async () => {
    let tries = 0;
    const { calls, send, dlq } = setUp(true, async () => {
      tries++;
      throw new Error('bug');
    });
    expect(await send()).toBe('dead-lettered');
    expect(tries).toBe(FAST.maxAttempts);
    expect(dlq).toEqual([`${SessionCardReadV1.topic}.dlq`]);
    expect(calls).toEqual({ seen: 0, record: 0 });
  });
});
