import { Kafka, logLevel, type Admin } from 'kafkajs';
import { mongo } from 'mongoose';
import type { ServiceName } from '@hcv/contracts';
import { kafkaClientSecurity } from '@hcv/messaging';
import { kafkaSecurity, loadServiceEnv } from '@hcv/platform-runtime';

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

/** A Kafka admin client with the services' own broker settings (KAFKA_BROKERS, KAFKA_SSL, KAFKA_SASL_*). */
export async function connectAdmin(clientId: string): Promise<Admin> {
  const env = loadServiceEnv({ MONGO_URL: 'mongodb://unused', ...process.env });
  const admin = new Kafka({
    clientId,
    brokers: env.KAFKA_BROKERS,
    logLevel: logLevel.NOTHING,
    ...kafkaClientSecurity(kafkaSecurity(env)),
  }).admin();
  await admin.connect();
  return admin;
}

export function fail(tool: string, error: unknown): never {
  process.stderr.write(`${tool}: ${(error as Error).message}\n`);
  process.exit(2);
}
