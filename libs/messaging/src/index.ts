export * from './message-bus';
export { KafkaMessageBus, type KafkaBusOptions } from './kafka-message-bus';
export { InProcessMessageBus } from './in-process-message-bus';
export { deliver, deadLetter, DEFAULT_DELIVERY, InfrastructureUnavailable, isTransientInfrastructureError, type DeliveryOptions, type IncomingMessage } from './delivery';
export { buildEnvelope } from './envelope-codec';
export { injectTraceHeaders, extractTraceContext, contextFromTraceparent, currentTraceparent } from './trace-context';
export { kafkaConsumerLag, type ConsumerGroupLag } from './consumer-lag';
