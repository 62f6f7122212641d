import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, type Admin, type Consumer, type Producer } from 'kafkajs';
import { ALL_EVENT_CONTRACTS, deadLetterTopic, type DataOf, type EventContract, type EventOf, type ServiceName } from '@hcv/contracts';
import type { Logger } from '@hcv/observability';
import { buildEnvelope, withProducerSpan } from './envelope-codec';
import { DEFAULT_DELIVERY, handlerMap, retryTopic, type DeliveryOptions } from './delivery';
import { consumerBatchHandler } from './consumer-batch';
import type { BusHealth, EventPublisher, MessageBus, PublishContext, RawMessage, Subscription } from './message-bus';
import { kafkaConsumerLag, type ConsumerGroupLag } from './consumer-lag';
import { DEFAULT_PRODUCER_BATCHING, ProducerBatcher, type ProducerBatching } from './producer-batcher';
import { OffsetCommitter } from './offset-committer';
import { HandlersInFlight } from './handlers-in-flight';
import type { KafkaSecurity } from './kafka-security';
import { withTopicSetupRetries } from './topic-setup-retry';
import {
  consumerConfig,
  DEFAULT_PARTITION_CONCURRENCY,
  kafkaClientConfig,
  PRODUCER_CONFIG,
  type ConsumerFetchSettings,
} from './kafka-client-config';

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** TLS and SASL towards the brokers (none: plaintext, as the test brokers run). */
  security?: KafkaSecurity;
  /** Partitions consumed at once by each consumer; one partition is always handled in order. */
  partitionsConsumedConcurrently?: number;
  delivery?: DeliveryOptions;
  /** Topics this process creates at start (idempotent). Defaults to every known event, its retry topic and its DLQ. */
  contracts?: readonly EventContract[];
  /** How long the group waits for a silent member before moving its partitions (broker minimum 6 s). */
  sessionTimeoutMillis?: number;
  /** For subscriptions ordered by key: keys handled at once within one partition's batch. */
  keyConcurrency?: number;
  /** Concurrent publishes leave together in one produce request; `false`: one request per message. */
  producerBatching?: ProducerBatching | false;
  /** How often handled offsets are committed (OffsetCommitter); at stop, whatever is left. */
  commitIntervalMillis?: number;
  /** Fetch wait and sizes of every consumer (kafkajs defaults where not given). */
  fetch?: ConsumerFetchSettings;
  /**
   * Members this process runs of each group ordered by key (default 1): each member is a consumer of
   * its own with its own fetch loop, so a message waits only for the member holding its partition.
   * See `KafkaMessageBus.start`.
   */
  keyOrderedGroupMembers?: number;
}

/** Handled offsets are committed this often (and at stop); a crash re-reads at most this much. */
export const DEFAULT_COMMIT_INTERVAL_MILLIS = 500;

/** The first pause before a consumer kafkajs gave up on is started again (doubling per attempt in a row). */
export const CONSUMER_RESTART_PAUSE_MILLIS = 1_000;

/** One consumer group's consumer, with its offset committer and the handlers running now. */
interface RunningConsumer {
  consumer: Consumer;
  committer: OffsetCommitter;
  topics: string[];
  inFlight: HandlersInFlight;
}

/** Keys handled at once within one partition's batch, for subscriptions ordered by key. */
export const DEFAULT_KEY_CONCURRENCY = 16;

/**
 * The Kafka adapter: an idempotent producer with acks=all, one consumer group per subscription,
 * offsets committed only after a message was handled (or dead-lettered) — at-least-once.
 */
export class KafkaMessageBus implements MessageBus {
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly consumers: RunningConsumer[] = [];
  private readonly subscriptions: Subscription[] = [];
  private started = false;
  private producerConnected = false;
  private readonly crashed = new Set<string>();
  /** Consumers kafkajs gave up on, being started again (see restartConsumer). */
  private readonly restarts = new Set<Promise<void>>();
  private probeAdmin?: Admin;
  /** Aborted by stop(): a retry waiting for its time gives up (uncommitted) instead of holding the drain. */
  private readonly stopping = new AbortController();
  private lagAdmin?: Admin;
  private readonly batcher: ProducerBatcher | undefined;

  constructor(private readonly options: KafkaBusOptions) {
    this.kafka = new Kafka(
      kafkaClientConfig({
        clientId: options.clientId,
        brokers: options.brokers,
        security: options.security,
        onLog: (entry) =>
          options.logger.warn('kafkajs', { namespace: entry.namespace, message: entry.log.message, error: entry.log.error }),
      }),
    );
    this.producer = this.kafka.producer(PRODUCER_CONFIG);
    this.producer.on(this.producer.events.CONNECT, () => (this.producerConnected = true));
    this.producer.on(this.producer.events.DISCONNECT, () => (this.producerConnected = false));
    if (options.producerBatching !== false) {
      this.batcher = new ProducerBatcher(async (batch) => {
        await this.producer.sendBatch({ acks: -1, topicMessages: batch });
      }, options.producerBatching ?? DEFAULT_PRODUCER_BATCHING);
    }
  }

  /**
   * Ready when the producer is connected, no consumer has crashed for good, and the cluster answers
   * a metadata request for one of the process's topics within 2 s with a leader for each of its
   * partitions (so a broker outage turns the readiness probe red). One topic, not the cluster:
   * kafkajs' describeCluster asks for the metadata of every topic (an empty list is sent as "all"),
   * twice — every ≈ 200 topics of the platform, per pod, per probe.
   */
  async health(): Promise<BusHealth> {
    if (!this.started || !this.producerConnected) return { up: false, detail: 'producer not connected' };
    if (this.crashed.size) return { up: false, detail: `consumer stopped: ${[...this.crashed].join(', ')}` };
    try {
      this.probeAdmin ??= this.kafka.admin({ retry: { retries: 0 } });
      const admin = this.probeAdmin;
      const topic = this.probeTopic();
      const metadata = await Promise.race([
        admin.connect().then(() => admin.fetchTopicMetadata({ topics: [topic] })),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 2 s')), 2_000).unref()),
      ]);
      const partitions = metadata.topics.find((t) => t.name === topic)?.partitions ?? [];
      const leaderless = partitions.filter((p) => p.leader < 0).length;
      if (partitions.length === 0 || leaderless > 0)
        return { up: false, detail: `${topic}: ${leaderless} of ${partitions.length} partition(s) without a leader` };
      return { up: true, detail: `${topic}: ${partitions.length} partition(s), each with a leader` };
    } catch (error) {
      return { up: false, detail: `broker unreachable or ${this.probeTopic()} unknown: ${(error as Error).message}` };
    }
  }

  /** The topic the readiness probe asks about: the first this process creates (ensureTopics). */
  private probeTopic(): string {
    return (this.options.contracts ?? ALL_EVENT_CONTRACTS)[0]!.topic;
  }

  alive(): BusHealth {
    return this.crashed.size
      ? { up: false, detail: `consumer stopped for good: ${[...this.crashed].join(', ')}` }
      : { up: true, detail: `${this.consumers.length} consumer(s) running` };
  }

  /** Lag of the platform's consumer groups on every known topic (admin offset fetches; see consumer-lag.ts). */
  async consumerLag(): Promise<ConsumerGroupLag[]> {
    this.lagAdmin ??= this.kafka.admin({ retry: { retries: 1 } });
    await this.lagAdmin.connect();
    return kafkaConsumerLag(
      this.lagAdmin,
      (this.options.contracts ?? ALL_EVENT_CONTRACTS).map((c) => c.topic),
    );
  }

  publisher(source: ServiceName): EventPublisher {
    return {
      publish: async <C extends EventContract>(contract: C, data: DataOf<C>, ctx: PublishContext): Promise<EventOf<C>> => {
        const envelope = buildEnvelope(contract, data, source, ctx);
        await withProducerSpan(contract, envelope as EventOf<EventContract>, ctx, (message) => this.publishRaw(contract.topic, message));
        return envelope;
      },
    };
  }

  async publishRaw(topic: string, message: RawMessage): Promise<void> {
    if (this.batcher) return this.batcher.send(topic, message);
    await this.producer.send({ topic, acks: -1, messages: [{ key: message.key, value: message.value, headers: message.headers }] });
  }

  async publishRawAll(messages: readonly { topic: string; message: RawMessage }[]): Promise<void> {
    if (this.batcher) return this.batcher.sendAll(messages);
    // Without batching, one request at a time in order: a failure stops the rest.
    for (const { topic, message } of messages) await this.publishRaw(topic, message);
  }

  subscribe(subscription: Subscription): void {
    if (this.started) throw new Error('subscribe before start()');
    this.subscriptions.push(subscription);
  }

  /**
   * Creates the missing topics (with their retry and dead-letter topics) and grows those whose
   * contract asks for more partitions. Asked again while the cluster answers that a topic is not
   * hosted or led yet: services starting together on a fresh cluster create the same topics at once.
   */
  ensureTopics(contracts: readonly EventContract[] = this.options.contracts ?? ALL_EVENT_CONTRACTS): Promise<void> {
    return withTopicSetupRetries(() => this.ensureTopicsOnce(contracts));
  }

  private async ensureTopicsOnce(contracts: readonly EventContract[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const wanted = contracts.flatMap((c) => [
        { topic: c.topic, numPartitions: c.partitions },
        { topic: retryTopic(c.topic), numPartitions: 1 },
        { topic: deadLetterTopic(c.topic), numPartitions: 1 },
      ]);
      const missing = wanted.filter((t) => !existing.has(t.topic));
      if (missing.length) {
        // Another service may create the same topics at the same moment; "already exists" is fine.
        await admin.createTopics({ topics: missing, waitForLeaders: true }).catch((error: Error) => {
          if (!/already exists/i.test(error.message)) throw error;
        });
      }
      // A contract whose partition count was raised (to spread a group over more replicas) grows
      // its existing topic; Kafka never shrinks one.
      const present = wanted.filter((t) => existing.has(t.topic));
      const metadata = present.length ? await admin.fetchTopicMetadata({ topics: present.map((t) => t.topic) }) : { topics: [] };
      const grow = present
        .map((t) => ({
          topic: t.topic,
          count: t.numPartitions,
          has: metadata.topics.find((m) => m.name === t.topic)?.partitions.length ?? 0,
        }))
        .filter((t) => t.has > 0 && t.has < t.count);
      if (grow.length) {
        await admin.createPartitions({ topicPartitions: grow.map(({ topic, count }) => ({ topic, count })) }).catch((error: Error) => {
          if (!/already has|INVALID_PARTITIONS/i.test(error.message)) throw error;
        });
      }
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * Creates the topics, connects the producer and starts one consumer per subscription — for a
   * group ordered by key, `keyOrderedGroupMembers` of them. kafkajs fetches again only once every
   * batch of its last fetch was handled, so a message that arrives while the member is handling
   * (its writes under way) waits for them and a new fetch; members of their own share the group's
   * partitions, so it waits only for the member holding its partition. Ordinary members of the
   * group, as a second instance's would be: a partition is one member's at a time, order per key,
   * offsets and rebalances as ever. Each is started again on its own if kafkajs gives up on it.
   */
  async start(): Promise<void> {
    this.started = true;
    await this.ensureTopics();
    await this.producer.connect();
    const members = this.options.keyOrderedGroupMembers ?? 1;
    for (const subscription of this.subscriptions)
      for (let i = 0; i < (subscription.ordering === 'key' ? members : 1); i++) await this.startConsumer(subscription);
  }

  /**
   * kafkajs gave up on a consumer (a crash it does not restart: an error it takes for
   * unrecoverable): it is started again, a new member of its group, after a pause that doubles per
   * attempt in a row (up to a minute), so the service goes on consuming instead of sitting idle until
   * something restarts the process. Its handled offsets not yet committed are read again (at least
   * once, as after any crash). Until it has joined its group again, liveness names it.
   */
  private async restartConsumer(failed: RunningConsumer, subscription: Subscription, logger: Logger): Promise<void> {
    const index = this.consumers.indexOf(failed);
    if (index >= 0) this.consumers.splice(index, 1);
    failed.committer.stopTimer();
    await failed.consumer.disconnect().catch(() => undefined);
    for (let attempt = 0; !this.stopping.signal.aborted; attempt++) {
      const pauseMillis = Math.min(CONSUMER_RESTART_PAUSE_MILLIS * 2 ** attempt, 60_000);
      // Ends early (rejected) when the bus stops.
      if (!(await sleep(pauseMillis, true, { signal: this.stopping.signal }).catch(() => false))) return;
      try {
        await this.startConsumer(subscription);
        logger.warn('consumer started again after kafkajs gave up on it', { attempt: attempt + 1 });
        return;
      } catch (error) {
        logger.error('consumer could not be started again; trying later', { error, attempt: attempt + 1 });
      }
    }
  }

  private async startConsumer(subscription: Subscription): Promise<void> {
    const consumer = this.kafka.consumer(
      consumerConfig(subscription.groupId, { sessionTimeoutMillis: this.options.sessionTimeoutMillis, fetch: this.options.fetch }),
    );
    const handlers = handlerMap(subscription);
    const logger = this.options.logger.child({ groupId: subscription.groupId });
    consumer.on(consumer.events.CRASH, (event) => {
      if (event.payload.restart || this.stopping.signal.aborted) return;
      this.crashed.add(subscription.groupId);
      logger.error('consumer stopped for good by kafkajs; it is started again', { error: event.payload.error });
      const restart = this.restartConsumer(running, subscription, logger).finally(() => this.restarts.delete(restart));
      this.restarts.add(restart);
    });
    const committer = new OffsetCommitter(
      (offsets) => consumer.commitOffsets(offsets),
      this.options.commitIntervalMillis ?? DEFAULT_COMMIT_INTERVAL_MILLIS,
      (error) => logger.warn('offset commit failed; retried at the next tick', { error }),
    );
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      this.crashed.delete(subscription.groupId);
      committer.assigned(event.payload.memberAssignment);
    });
    const inFlight = new HandlersInFlight();
    await consumer.connect();
    // Each topic with its retry topic: this group's later rounds and DLQ replays arrive there.
    const topics = [...handlers.keys()].flatMap((t) => [t, retryTopic(t)]);
    const running: RunningConsumer = { consumer, committer, topics, inFlight };
    await withTopicSetupRetries(() => consumer.subscribe({ topics, fromBeginning: true }));
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? DEFAULT_PARTITION_CONCURRENCY,
      eachBatchAutoResolve: false,
      eachBatch: consumerBatchHandler({
        subscription,
        handlers,
        logger,
        committer,
        inFlight,
        signal: this.stopping.signal,
        delivery: { ...(this.options.delivery ?? DEFAULT_DELIVERY), signal: this.stopping.signal },
        keyConcurrency: this.options.keyConcurrency ?? DEFAULT_KEY_CONCURRENCY,
        publishRaw: (dlq, raw) => this.publishRaw(dlq, raw),
      }),
    });
    committer.start();
    this.consumers.push(running);
  }

  async stop(): Promise<void> {
    // Consumers first: no new message is started (paused: kafkajs ends each batch after the
    // message in hand), the handlers in flight finish, their offsets are committed, then we leave.
    this.stopping.abort();
    // A consumer being started again gives up (or, started meanwhile, is in `consumers`).
    await Promise.all([...this.restarts]);
    await Promise.all(
      this.consumers.map(async ({ consumer, committer, topics, inFlight }) => {
        try {
          consumer.pause(topics.map((topic) => ({ topic })));
        } catch {
          // Not running (it crashed for good): nothing to pause.
        }
        await inFlight.idle();
        await committer.stop();
        await consumer.disconnect();
      }),
    );
    await this.producer.disconnect();
    await this.probeAdmin?.disconnect().catch(() => undefined);
    await this.lagAdmin?.disconnect().catch(() => undefined);
  }
}
