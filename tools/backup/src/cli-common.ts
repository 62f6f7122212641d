import { Kafka, logLevel, type Admin, type KafkaConfig } from 'kafkajs';
import { mongo } from 'mongoose';
import type { ServiceName } from '@hcv/contracts';

/** `<prefix>_<service with underscores>`: with the default prefix `hcv`, each service's own default database. */
export function databaseFor(service: ServiceName, prefix = 'hcv'): string {
  return `${prefix}_${service.replace(/-/g, '_')}`;
}

/** `--database card-session=other_name` options, checked against the service names. */
export function databaseOverrides(values: readonly string[], services: readonly ServiceName[]): Map<ServiceName, string> {
  const out = new Map<ServiceName, string>();
  for (const value of values) {
    const [service, name] = value.split('=');
    if (!service || !name || !services.includes(service as ServiceName))
      throw new Error(`--database takes <service>=<database> with a service of ${services.join(', ')} (got ${value})`);
    out.set(service as ServiceName, name);
  }
  return out;
}

export async function connectClient(): Promise<mongo.MongoClient> {
  const url = process.env.MONGO_URL;
  if (!url) throw new Error('set MONGO_URL (the services’ MongoDB, with the credentials of a backup or restore role)');
  return new mongo.MongoClient(url, { serverSelectionTimeoutMS: 15_000 }).connect();
}

/**
 * A Kafka admin client with the services' own broker settings (KAFKA_BROKERS, KAFKA_SSL,
 * KAFKA_SSL_CA_FILE, KAFKA_SASL_*), read by the services' own code. That code is loaded only when
 * TLS or SASL is asked for: the platform runtime takes seconds to load, the plaintext path does not need it.
 */
export async function connectKafka(clientId: string): Promise<{ kafka: Kafka; admin: Admin }> {
  const brokers = (process.env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (!brokers.length) throw new Error('set KAFKA_BROKERS');
  const secured = process.env.KAFKA_SSL === 'true' || Boolean(process.env.KAFKA_SSL_CA_FILE || process.env.KAFKA_SASL_MECHANISM);
  let security: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (secured) {
    const { kafkaSecurity, loadServiceEnv } = await import('@hcv/platform-runtime');
    const { kafkaClientSecurity } = await import('@hcv/messaging');
    security = kafkaClientSecurity(kafkaSecurity(loadServiceEnv({ MONGO_URL: 'mongodb://unused', ...process.env })));
  }
  const kafka = new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, ...security });
  const admin = kafka.admin();
  await admin.connect();
  return { kafka, admin };
}

export function fail(tool: string, error: unknown): never {
  process.stderr.write(`${tool}: ${(error as Error).message}\n`);
  process.exit(2);
}
