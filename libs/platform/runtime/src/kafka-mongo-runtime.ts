import type { Connection } from 'mongoose';
import type { ServiceName } from '@hcv/contracts';
import {
  KafkaMessageBus,
  PATCHED_KAFKAJS_VERSION,
  stopIdleRequestQueueTimers,
  type ConsumerFetchSettings,
  type KafkaSecurity,
} from '@hcv/messaging';
import type { Logger } from '@hcv/observability';
import { MongoProcessedEventLog } from '@hcv/persistence';
import type { ServiceRuntime } from './service-runtime';

/** The runtime of a service on the real adapters: its own database and the Kafka bus. */
export function kafkaMongoRuntime(options: {
  service: ServiceName;
  brokers: string[];
  /** TLS and SASL towards the brokers. */
  security?: KafkaSecurity;
  connection: Connection;
  logger: Logger;
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMillis?: number;
  /** Consumers' fetch wait and sizes (KAFKA_FETCH_*). */
  fetch?: ConsumerFetchSettings;
  /** Members of each key-ordered group in this process (KAFKA_GROUP_MEMBERS). */
  keyOrderedGroupMembers?: number;
}): ServiceRuntime & { bus: KafkaMessageBus } {
  // Without kafkajs' idle 1 ms re-check loop on every broker connection (libs/messaging's
  // kafka-request-queue.ts): applied once per process, here or by the first kafkaClientConfig,
  // whichever comes first (later calls only answer); says so if kafkajs is another version.
  if (!stopIdleRequestQueueTimers())
    options.logger.warn('kafkajs is not the version its request-queue fix was written for: its idle 1 ms timers stay', {
      expected: PATCHED_KAFKAJS_VERSION,
    });
  const bus = new KafkaMessageBus({
    brokers: options.brokers,
    clientId: options.service,
    ...(options.security ? { security: options.security } : {}),
    logger: options.logger,
    ...(options.partitionsConsumedConcurrently ? { partitionsConsumedConcurrently: options.partitionsConsumedConcurrently } : {}),
    ...(options.sessionTimeoutMillis ? { sessionTimeoutMillis: options.sessionTimeoutMillis } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.keyOrderedGroupMembers ? { keyOrderedGroupMembers: options.keyOrderedGroupMembers } : {}),
  });
  return {
    service: options.service,
    bus,
    publisher: bus.publisher(options.service),
    processedLog: new MongoProcessedEventLog(options.connection),
    storage: { kind: 'mongo', connection: options.connection },
    logger: options.logger,
    clock: () => new Date(),
  };
}
