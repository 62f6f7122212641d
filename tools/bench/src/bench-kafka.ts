import type { KafkaConfig } from 'kafkajs';
import { kafkaClientSecurity, stopIdleRequestQueueTimers } from '@hcv/messaging';
import { kafkaClientSettingsFromEnv } from '@hcv/platform-runtime';

stopIdleRequestQueueTimers();

/**
 * The benches' own Kafka clients reach the brokers as the services do: TLS and SASL from the same
 * variables (KAFKA_SSL, KAFKA_SSL_CA_FILE, KAFKA_SASL_*), parsed by the services' code. Unset (the
 * benches' own loopback broker): plaintext. Like the services' clients (kafkaClientConfig), they run
 * without kafkajs' idle 1 ms request-queue loop, so the load driver's own CPU beside the platform
 * stays what it needs (and Node prints no TimeoutNegativeWarning for it). Applied when this module
 * loads, so that the infra launcher's readiness client, started before any bench client, has it too.
 */
export function benchKafkaClient(brokers: string): Pick<KafkaConfig, 'brokers' | 'ssl' | 'sasl'> {
  const settings = kafkaClientSettingsFromEnv({ ...process.env, KAFKA_BROKERS: brokers });
  return { brokers: settings.brokers, ...kafkaClientSecurity(settings.security) };
}

/** The transport settings a bench passes on to the services it starts against an outside cluster. */
export function transportSettingsFromEnv(): Record<string, string> {
  const names = [
    'KAFKA_SSL',
    'KAFKA_SSL_CA_FILE',
    'KAFKA_SASL_MECHANISM',
    'KAFKA_SASL_USERNAME',
    'KAFKA_SASL_PASSWORD',
    'KAFKA_SASL_PASSWORD_FILE',
    'MONGO_USERNAME',
    'MONGO_PASSWORD',
    'MONGO_PASSWORD_FILE',
    'MONGO_TLS_CA_FILE',
  ];
  return Object.fromEntries(names.flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : [])));
}
