/** How a service process runs: env config, the Kafka + MongoDB (or in-process) runtime, health, the outbox relay, periodic jobs, secrets. */
export { runService } from './run-service';
export { RUNTIME, byStorage, storedIn, type ServiceRuntime, type Storage } from './service-runtime';
export {
  DEFAULT_PORTS,
  databaseName,
  kafkaClientSettingsFromEnv,
  kafkaSecurity,
  loadServiceEnv,
  mongoClientSecurity,
  ServiceEnv,
  type MongoSecurity,
} from './service-config';
export { HealthController, HealthModule, MetricsController, lifecycle } from './health.controller';
export { runEvery, correlationIdFrom } from './run-every';
export { kafkaMongoRuntime } from './kafka-mongo-runtime';
export { OUTBOX_RELAY, OutboxRelayRunner, outboxRelayProvider } from './outbox-relay.provider';
export { secretFromEnv } from './secrets';
export {
  devKeyRefusal,
  mongoUrlIsSecure,
  platformRefusals,
  refuseUnsafeDefaults,
  REFUSALS,
  UnsafeConfigurationError,
  type Refusal,
} from './production-safety';
export { keyOf, keyRingFromSettings, keyRingOf, KeyRingError, parseKeyPairs, SINGLE_KEY_ID, type KeyRing } from './key-ring';
export { deviceKeyRefusal, deviceKeyRingFromEnv } from './device-keys';
export { DEFAULT_READINESS, ReadinessHysteresis, type ReadinessPolicy } from './readiness';
