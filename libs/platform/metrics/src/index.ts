/** Prometheus metrics of every service: the registry and its metrics, and the hooks that feed them (bus, outbox, HTTP, national system). */
export {
  registry,
  metricsText,
  LATENCY_BUCKETS,
  CIRCUIT_STATE_VALUE,
  watchConsumerLag,
  watchCircuit,
  observeNationalSystemCall,
  countMongoCommand,
} from './metrics';
export { installMessagingMetrics, outboxMetrics, httpMetrics } from './hooks';
