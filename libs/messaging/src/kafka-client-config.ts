import { logLevel, type ConsumerConfig, type KafkaConfig, type LogEntry, type ProducerConfig } from 'kafkajs';
import { kafkaClientSecurity, type KafkaSecurity } from './kafka-security';
import { stopIdleRequestQueueTimers } from './kafka-request-queue';

/**
 * The client settings every Kafka client of the platform uses, in one place: the bus builds its
 * clients from these, and the messaging skeleton bench (tools/bench/src/skeleton*.ts) builds its
 * bare processes from the same, so what the bench compares differs only in what runs around the
 * client. Building them also replaces kafkajs' idle request-queue loop (kafka-request-queue.ts),
 * for the skeleton's clients as for the services' (once per process: the first call applies it).
 */
export function kafkaClientConfig(options: {
  clientId: string;
  brokers: string[];
  security?: KafkaSecurity;
  onLog?: (entry: LogEntry) => void;
}): KafkaConfig {
  stopIdleRequestQueueTimers();
  return {
    clientId: options.clientId,
    brokers: options.brokers,
    ...kafkaClientSecurity(options.security),
    logLevel: logLevel.ERROR,
    // Backoff capped at 2 s (kafkajs' default cap is 30 s): after a broker restart a producer or
    // consumer sleeping in a long backoff kept device requests and handling stalled for up to a
    // minute more (fault suite, tests/faults). More retries keep the old ≈2 min budget: until the
    // transactional outbox lands, a publish that gives up sooner loses the event of a stored change.
    retry: { initialRetryTime: 200, maxRetryTime: 2_000, retries: 60 },
    ...(options.onLog ? { logCreator: () => options.onLog! } : {}),
  };
}

/**
 * Idempotent producer: acks=all (every send passes `acks: -1`), the broker drops retried
 * duplicates; one request in flight keeps per-partition order even across retries.
 */
export const PRODUCER_CONFIG: ProducerConfig = { idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false };

/** Partitions a consumer handles at once (kafkajs partitionsConsumedConcurrently). */
export const DEFAULT_PARTITION_CONCURRENCY = 3;

/** How long the group waits for a silent member before moving its partitions (broker minimum 6 s). */
export const DEFAULT_SESSION_TIMEOUT_MILLIS = 15_000;

/**
 * Fetch settings of every consumer; kafkajs' defaults where not given. The defaults are the cheapest
 * measured (bench:skeleton --ab): a fetch the broker holds until a message arrives or 5 s pass costs
 * nothing while idle, whereas a short wait (10–100 ms), or a minimum size that holds a batch back
 * for one, makes every idle consumer fetch tens of times a second — with 16 KiB and 20 ms the
 * platform's CPU per verification was higher than the default's in every alternated run, at 10/s
 * and at 30/s.
 */
export interface ConsumerFetchSettings {
  /** Longest the broker holds a fetch that has less than `minBytes` to give (kafkajs default 5,000 ms). */
  maxWaitTimeInMs?: number;
  /** Bytes a fetch waits for before the broker answers (kafkajs default 1). */
  minBytes?: number;
  /** Most bytes per partition in one fetch (kafkajs default 1 MiB): bounds a batch. */
  maxBytesPerPartition?: number;
}

/** A consumer group member with the platform's settings: manual commits are set by `consumer.run`. */
export function consumerConfig(
  groupId: string,
  options: { sessionTimeoutMillis?: number; fetch?: ConsumerFetchSettings } = {},
): ConsumerConfig {
  const sessionTimeout = options.sessionTimeoutMillis ?? DEFAULT_SESSION_TIMEOUT_MILLIS;
  const fetch = options.fetch ?? {};
  return {
    groupId,
    sessionTimeout,
    rebalanceTimeout: 2 * sessionTimeout,
    heartbeatInterval: 1_000,
    allowAutoTopicCreation: false,
    ...(fetch.maxWaitTimeInMs !== undefined ? { maxWaitTimeInMs: fetch.maxWaitTimeInMs } : {}),
    ...(fetch.minBytes !== undefined ? { minBytes: fetch.minBytes } : {}),
    ...(fetch.maxBytesPerPartition !== undefined ? { maxBytesPerPartition: fetch.maxBytesPerPartition } : {}),
  };
}
