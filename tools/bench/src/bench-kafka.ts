import type { KafkaConfig } from 'kafkajs';
import { kafkaClientSecurity } from '@hcv/messaging';
import { kafkaClientSettingsFromEnv } from '@hcv/platform-runtime';

/**
 * The benches' own Kafka clients reach the brokers as the services do: TLS and SASL from the same
 * variables (KAFKA_SSL, KAFKA_SSL_CA_FILE, KAFKA_SASL_*), parsed by the services' code. Unset (the
 * benches' own loopback broker): plaintext.
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
