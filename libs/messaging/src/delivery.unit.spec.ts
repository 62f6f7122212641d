import { randomUUID } from 'node:crypto';
import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs';
import { SessionCardReadV1 } from '@hcv/contracts';
import { createLogger, startTelemetry, type Telemetry } from '@hcv/observability';
import { deliver, handlerMap, isTransientInfrastructureError, RETRY_HEADERS, retryTopic, type IncomingMessage } from './delivery';
import { buildEnvelope } from './envelope-codec';
import { InMemoryProcessedEventLog, on, type Subscription } from './message-bus';
import { consumedKeyOf } from './messaging-observer';

// What kafkajs' retrier throws when it gives up: the last error wrapped, with it as `cause` (its
// typings leave out that second constructor argument).
const gaveUp = (e: Error) => Object.assign(new KafkaJSNonRetriableError(e), { cause: e });

describe('isTransientInfrastructureError', () => {
  it('sees a broker outage behind the error kafkajs throws once its retries are exhausted', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    const exhausted = new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 15, retryTime: 2_000 });
    expect(isTransientInfrastructureError(refused)).toBe(true);
    expect(isTransientInfrastructureError(gaveUp(refused))).toBe(true);
    expect(isTransientInfrastructureError(gaveUp(exhausted))).toBe(true);
  });

  it('does not take a handler bug for an outage', () => {
    expect(isTransientInfrastructureError(new TypeError('x is undefined'))).toBe(false);
    expect(isTransientInfrastructureError(gaveUp(new Error('bad message')))).toBe(false);
    expect(isTransientInfrastructureError(new Error('wrapped', { cause: new RangeError('no') }))).toBe(false);
  });
});

describe('the key a handler owns (consumedKeyOf)', () => {
  // As in a service: the context manager carries the handler's context into what it calls.
  let telemetry: Telemetry;
  beforeAll(() => (telemetry = startTelemetry('delivery-test', {})));
  afterAll(() => telemetry.shutdown());

  async function ownedKey(topicOf: (topic: string) => string, key: string | null): Promise<string | undefined> {
    let owned: string | undefined = 'not handled';
    const subscription: Subscription = {
      groupId: 'g',
      processedLog: new InMemoryProcessedEventLog(),
      handlers: [on(SessionCardReadV1, async () => void (owned = await Promise.resolve().then(() => consumedKeyOf())))],
    };
    const sessionId = randomUUID();
    const event = buildEnvelope(SessionCardReadV1, { sessionId, identityCheck: 'pin', readAt: '2026-11-25T09:30:00Z' }, 'card-session', {
      subject: sessionId,
      correlationId: 'c',
    });
    const message: IncomingMessage = {
      topic: topicOf(SessionCardReadV1.topic),
      partition: 0,
      offset: '1',
      key,
      value: JSON.stringify(event),
      headers: { [RETRY_HEADERS.group]: 'g' },
    };
    const logger = createLogger({ service: 'test', level: 'error' });
    expect(await deliver(message, subscription, handlerMap(subscription), async () => undefined, logger)).toBe('handled');
    expect(consumedKeyOf()).toBeUndefined();
    return owned;
  }

  it("is the message's key when it came from the key's own partition", async () => {
    expect(await ownedKey((t) => t, 'session-1')).toBe('session-1');
  });

  it('is none for a retry round (one partition for every key) or a message without a key', async () => {
    expect(await ownedKey(retryTopic, 'session-1')).toBeUndefined();
    expect(await ownedKey((t) => t, null)).toBeUndefined();
  });
});
