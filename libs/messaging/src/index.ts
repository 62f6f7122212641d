export * from './message-bus';
export { KafkaMessageBus, DEFAULT_COMMIT_INTERVAL_MILLIS, type KafkaBusOptions } from './kafka-message-bus';
export {
  kafkaClientConfig,
  consumerConfig,
  PRODUCER_CONFIG,
  DEFAULT_PARTITION_CONCURRENCY,
  DEFAULT_SESSION_TIMEOUT_MILLIS,
  type ConsumerFetchSettings,
} from './kafka-client-config';
export { OffsetCommitter } from './offset-committer';
export { ProducerBatcher, DEFAULT_PRODUCER_BATCHING } from './producer-batcher';
export { kafkaClientSecurity, type KafkaSecurity } from './kafka-security';
export { PATCHED_KAFKAJS_VERSION, stopIdleRequestQueueTimers } from './kafka-request-queue';
export { InProcessMessageBus } from './in-process-message-bus';
export {
  deliver,
  deadLetter,
  retryLater,
  retryTopic,
  originalTopicOf,
  originalHeaders,
  RETRY_HEADERS,
  DEFAULT_DELIVERY,
  DeliveryInterrupted,
  InfrastructureUnavailable,
  FirstTryFailed,
  isTransientInfrastructureError,
  type DeliveryOptions,
  type IncomingMessage,
} from './delivery';
export { buildEnvelope, stageEvent, type StagedEvent } from './envelope-codec';
export { injectTraceHeaders, extractTraceContext, contextFromTraceparent, currentTraceparent } from './trace-context';
export { replayDeadLetters, type DeadLetterReplayOptions, type DeadLetterReplayReport, type DeadLetterListing } from './dead-letter-replay';
export { kafkaConsumerLag, type ConsumerGroupLag } from './consumer-lag';
export { plainCopy } from './plain-copy';
export { MessageBusTransport, type MessageBusTransportOptions, type GroupSettings } from './transport/message-bus-transport';
export {
  eventPattern,
  consumerGroup,
  consumerControllers,
  DeliveryErrorFilter,
  EventContext,
  type ConsumerExtras,
  type ConsumerGroup,
  type ServiceTopics,
} from './transport/consumer-groups';
export { observeMessaging, ORIGIN_HEADER, type Delivered, type DeliveryResult, type MessagingObserver } from './messaging-observer';
