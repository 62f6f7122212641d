import { consumerConfig, DEFAULT_SESSION_TIMEOUT_MILLIS, kafkaClientConfig, PRODUCER_CONFIG } from './kafka-client-config';

describe('Kafka client settings', () => {
  it('the producer is idempotent with one request in flight (per-partition order across retries)', () => {
    expect(PRODUCER_CONFIG).toEqual({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  });

  it('a consumer keeps kafkajs’ fetch defaults unless told, and its rebalance timeout follows its session timeout', () => {
    const plain = consumerConfig('audit.record');
    expect(plain).toEqual({
      groupId: 'audit.record',
      sessionTimeout: DEFAULT_SESSION_TIMEOUT_MILLIS,
      rebalanceTimeout: 2 * DEFAULT_SESSION_TIMEOUT_MILLIS,
      heartbeatInterval: 1_000,
      allowAutoTopicCreation: false,
    });
    expect(plain).not.toHaveProperty('maxWaitTimeInMs');
    expect(plain).not.toHaveProperty('minBytes');

    const tuned = consumerConfig('audit.record', { sessionTimeoutMillis: 6_000, fetch: { maxWaitTimeInMs: 20, minBytes: 4_096 } });
    expect(tuned).toMatchObject({ sessionTimeout: 6_000, rebalanceTimeout: 12_000, maxWaitTimeInMs: 20, minBytes: 4_096 });
    expect(tuned).not.toHaveProperty('maxBytesPerPartition');
  });

  it('the client backs off at most 2 s and hands kafkajs’ log entries to the logger given', () => {
    const seen: string[] = [];
    const config = kafkaClientConfig({ clientId: 'card-session', brokers: ['127.0.0.1:9092'], onLog: (e) => seen.push(e.log.message) });
    expect(config.retry).toEqual({ initialRetryTime: 200, maxRetryTime: 2_000, retries: 60 });
    expect(config.ssl).toBeUndefined();
    config.logCreator!(0)({ namespace: 'Consumer', level: 1, label: 'ERROR', log: { message: 'crash', timestamp: '' } });
    expect(seen).toEqual(['crash']);
    expect(kafkaClientConfig({ clientId: 'x', brokers: ['b:1'] }).logCreator).toBeUndefined();
  });
});
