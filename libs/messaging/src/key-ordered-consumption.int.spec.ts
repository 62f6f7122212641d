import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { EventEnvelope } from '@hcv/contracts';
import { createLogger } from '@hcv/observability';
import { sequencedContract, waitFor } from '@hcv/testing';
import { InMemoryProcessedEventLog, on, type ProcessedEventLog } from './message-bus';
import { KafkaMessageBus } from './kafka-message-bus';

const brokers = () => process.env.KAFKA_BROKERS!.split(',');
const logger = createLogger({ service: 'test', level: 'error' });

jest.setTimeout(180_000);

/**
 * Scale-out settings against a real broker: a topic whose contract asks for more partitions grows
 * at start-up; a subscription ordered by key handles different keys of one partition at once while
 * each key keeps its order; batched publishes keep per-key order too.
 */
describe('partitions and key-ordered consumption', () => {
  const buses: KafkaMessageBus[] = [];
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.stop().catch(() => undefined)));
  });

  it('grows an existing topic to the partition count its contract now asks for', async () => {
    const runId = randomUUID().slice(0, 8);
    const small = new KafkaMessageBus({ brokers: brokers(), clientId: 'int-test', logger, contracts: [sequencedContract(runId, 2)] });
    await small.ensureTopics();
    const grown = new KafkaMessageBus({ brokers: brokers(), clientId: 'int-test', logger, contracts: [sequencedContract(runId, 5)] });
    await grown.ensureTopics();
    const admin = new Kafka({ clientId: 'int-test-admin', brokers: brokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [sequencedContract(runId).topic] });
    await admin.disconnect();
    expect(metadata.topics[0]!.partitions).toHaveLength(5);
  });

  it('handles keys of one partition concurrently and each key in order', async () => {
    const contract = sequencedContract(randomUUID().slice(0, 8), 1);
    const received: EventEnvelope<{ key: string; seq: number }>[] = [];
    let running = 0;
    let maxRunning = 0;
    const log = new InMemoryProcessedEventLog();
    const requests = { seen: 0, record: 0, seenMany: 0, recordMany: 0 };
    const countedLog: ProcessedEventLog = {
      seen: (g, id) => (requests.seen++, log.seen(g, id)),
      record: (g, id) => (requests.record++, log.record(g, id)),
      seenMany: (g, ids) => (requests.seenMany++, log.seenMany(g, ids)),
      recordMany: (g, ids) => (requests.recordMany++, log.recordMany(g, ids)),
    };
    const consumer = new KafkaMessageBus({ brokers: brokers(), clientId: 'int-test', logger, contracts: [contract], keyConcurrency: 8 });
    buses.push(consumer);
    const groupId = `g-${randomUUID()}`;
    consumer.subscribe({
      groupId,
      processedLog: countedLog,
      ordering: 'key',
      handlers: [
        on(contract, async (e) => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          await new Promise((r) => setTimeout(r, 20));
          received.push(e);
          running--;
        }),
      ],
    });
    const producer = new KafkaMessageBus({ brokers: brokers(), clientId: 'int-test', logger, contracts: [contract] });
    buses.push(producer);
    await producer.start();
    const publisher = producer.publisher('card-session');
    // Published before the consumer starts, so its first fetch returns them as one batch.
    await Promise.all(
      ['a', 'b', 'c', 'd'].map(async (key) => {
        for (let seq = 1; seq <= 5; seq++) await publisher.publish(contract, { key, seq }, { subject: key, correlationId: key });
      }),
    );
    await consumer.start();
    await waitFor(() => received.length === 20, 60_000, 'twenty messages');
    for (const key of ['a', 'b', 'c', 'd']) {
      expect(received.filter((e) => e.data.key === key).map((e) => e.data.seq)).toEqual([1, 2, 3, 4, 5]);
    }
    // One partition, yet several keys were in hand at once.
    expect(maxRunning).toBeGreaterThan(1);
    // The processed-event log is asked and written once per fetched batch, not once per message.
    await waitFor(
      async () =>
        (
          await log.seenMany(
            groupId,
            received.map((e) => e.id),
          )
        ).size === 20,
      30_000,
      'all twenty recorded',
    );
    expect(requests.seen + requests.record).toBe(0);
    expect(requests.seenMany).toBeLessThan(20);
    expect(requests.recordMany).toBeLessThan(20);
  });
  it('runs several members of a key-ordered group in one process: the partitions shared, each message handled once, each key in order', async () => {
    const contract = sequencedContract(randomUUID().slice(0, 8), 4);
    const received: EventEnvelope<{ key: string; seq: number }>[] = [];
    const consumer = new KafkaMessageBus({
      brokers: brokers(),
      clientId: 'int-test',
      logger,
      contracts: [contract],
      keyOrderedGroupMembers: 2,
    });
    buses.push(consumer);
    const groupId = `g-${randomUUID()}`;
    consumer.subscribe({
      groupId,
      processedLog: new InMemoryProcessedEventLog(),
      ordering: 'key',
      handlers: [on(contract, async (e) => void received.push(e))],
    });
    await consumer.start();
    const admin = new Kafka({ clientId: 'int-test-admin', brokers: brokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      // Both members joined and each holds some of the four partitions.
      await waitFor(
        async () => {
          const [group] = (await admin.describeGroups([groupId])).groups;
          return group?.state === 'Stable' && group.members.length === 2;
        },
        60_000,
        'two members in the group',
      );
    } finally {
      await admin.disconnect();
    }
    const producer = new KafkaMessageBus({ brokers: brokers(), clientId: 'int-test', logger, contracts: [contract] });
    buses.push(producer);
    await producer.start();
    const publisher = producer.publisher('card-session');
    const keys = Array.from({ length: 12 }, (_, i) => `k${i}`);
    await Promise.all(
      keys.map(async (key) => {
        for (let seq = 1; seq <= 4; seq++) await publisher.publish(contract, { key, seq }, { subject: key, correlationId: key });
      }),
    );
    await waitFor(() => received.length >= keys.length * 4, 60_000, 'every message');
    // A moment for a stray second delivery to show.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(received).toHaveLength(keys.length * 4);
    for (const key of keys) expect(received.filter((e) => e.data.key === key).map((e) => e.data.seq)).toEqual([1, 2, 3, 4]);
  });
});
