import { z } from 'zod';
import type { ServiceName } from '@hcv/contracts';
import type { KafkaSecurity } from '@hcv/messaging';
import { DEFAULT_MONGO_TIMEOUTS } from '@hcv/persistence';
import { DEFAULT_READINESS } from './readiness';
import { secretFromEnv } from './secrets';

/**
 * Environment every service reads at start-up; the same names are used by docker-compose.yml and
 * k8s/. Parsed once, failing fast with the variable at fault.
 */
export const ServiceEnv = z.object({
  KAFKA_BROKERS: z
    .string()
    .min(1)
    .transform((s) =>
      s
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    ),
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'MONGO_URL must be a mongodb:// URL'),
  /**
   * Credentials kept out of MONGO_URL (which stays free of secrets): the user, and its password or the
   * file it is mounted as (wins). The URL's authSource names the user's database (admin by default).
   */
  MONGO_USERNAME: z.string().min(1).optional(),
  MONGO_PASSWORD: z.string().min(1).optional(),
  MONGO_PASSWORD_FILE: z.string().min(1).optional(),
  /** The PEM file of the CA(s) to trust for MongoDB's TLS (with tls=true in MONGO_URL) instead of the system's. */
  MONGO_TLS_CA_FILE: z.string().min(1).optional(),
  /** Defaults to hcv_<service>; each service owns exactly one database. */
  MONGO_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/)
    .optional(),
  /** TLS to the brokers (`true`); the CA bundle to trust instead of the system's, as a file. */
  KAFKA_SSL: z.enum(['true', 'false']).default('false'),
  KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
  /** SASL over that TLS connection: scram-sha-512 (Strimzi KafkaUser, the compose broker) or scram-sha-256. */
  KAFKA_SASL_MECHANISM: z.enum(['scram-sha-512', 'scram-sha-256']).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  /** A file holding KAFKA_SASL_PASSWORD (a mounted secret); wins over KAFKA_SASL_PASSWORD. */
  KAFKA_SASL_PASSWORD_FILE: z.string().min(1).optional(),
  /** With NODE_ENV=production, accept Kafka without TLS and SASL (the name says the risk). */
  KAFKA_INSECURE: z.enum(['true', 'false']).default('false'),
  /** With NODE_ENV=production, accept MongoDB without TLS or credentials in MONGO_URL. */
  MONGO_INSECURE: z.enum(['true', 'false']).default('false'),
  /**
   * The database's timeouts for request paths: an unreachable database fails a request after about
   * this long (answered 503 temporarily-unavailable), not after the driver's default 30 s.
   */
  MONGO_SERVER_SELECTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(DEFAULT_MONGO_TIMEOUTS.serverSelectionTimeoutMS),
  MONGO_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(DEFAULT_MONGO_TIMEOUTS.connectTimeoutMS),
  /** Longest wait for the database's answer to a command sent (a command never answered fails as a network error, then is retried). */
  MONGO_SOCKET_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(DEFAULT_MONGO_TIMEOUTS.socketTimeoutMS),
  /** How long start-up keeps trying to reach the database before the process exits. */
  MONGO_START_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(DEFAULT_MONGO_TIMEOUTS.startTimeoutMS),
  /** Seconds an answer `503 temporarily-unavailable` asks the caller to wait (`Retry-After`). */
  HTTP_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(600).default(2),
  /** /health/ready: failed probes in a row before not ready, passed ones before ready again, each check's timeout. */
  READINESS_FAILURES_TO_NOT_READY: z.coerce.number().int().min(1).max(20).default(DEFAULT_READINESS.failuresToNotReady),
  READINESS_SUCCESSES_TO_READY: z.coerce.number().int().min(1).max(20).default(DEFAULT_READINESS.successesToReady),
  READINESS_CHECK_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(DEFAULT_READINESS.checkTimeoutMillis),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** 127.0.0.1 unless told otherwise; containers set 0.0.0.0. */
  HTTP_HOST: z.string().default('127.0.0.1'),
  /**
   * How long the outbox relay gathers the removals (`$pull`) of sent entries, of every document of a
   * collection, before one bulk write carries them: off the critical path (nothing waits for it; a
   * crash before it only re-sends, deduplicated by the consumers). 0: each drain removes at once.
   */
  OUTBOX_PULL_LINGER_MS: z.coerce.number().int().min(0).max(2_000).default(100),
  /**
   * `true`: V8 favours memory over speed when it sizes and shrinks the heap (its `--optimize-for-size`,
   * set as the service starts): 6–25 MB less resident memory per service at 30/s, but card-session's
   * and audit's CPU looked 15–25 % higher (contended A/B). Set on the command line
   * instead, the flag would also shrink the young generation to 1 MB. docs/deployment.md "Memory".
   */
  V8_OPTIMIZE_FOR_SIZE: z.enum(['true', 'false']).default('false'),
  KAFKA_PARTITIONS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  /**
   * Members this process runs of each consumer group ordered by key (the verification's hops), each
   * with its own fetch loop: a message then waits only for the member holding its partition, not for
   * every batch of the group's last fetch (libs/messaging KafkaMessageBus.start). 1: one consumer per group.
   */
  KAFKA_GROUP_MEMBERS: z.coerce.number().int().min(1).max(8).default(1),
  /**
   * How long a consumer group waits for a silent member (a killed process sends no leave) before it
   * moves the member's partitions, and how long a restarted instance's join waits for that (unset:
   * 15,000 ms, libs/messaging DEFAULT_SESSION_TIMEOUT_MILLIS). The broker's
   * group.min.session.timeout.ms (6,000 by default) is the floor. The fault suite sets 6,000.
   */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).optional(),
  /** Longest the broker holds a consumer's fetch that has less than KAFKA_FETCH_MIN_BYTES (unset: kafkajs' 5,000 ms). */
  KAFKA_FETCH_MAX_WAIT_MS: z.coerce.number().int().min(0).max(30_000).optional(),
  /** Bytes a consumer's fetch waits for before the broker answers (unset: kafkajs' 1). */
  KAFKA_FETCH_MIN_BYTES: z.coerce.number().int().min(1).max(10_485_760).optional(),
  /** Browser origins allowed to call the API (CORS), comma-separated exact origins; unset: same-origin only. */
  CORS_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(/^https?:\/\/[^/\s*]+$/, 'CORS_ALLOWED_ORIGINS lists origins such as https://ops.example.jp (no path, no wildcard)'),
      ),
    ),
  /** Behind a TLS-terminating proxy: trust X-Forwarded-Proto (HSTS is sent on TLS requests only). */
  HTTP_TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export type ServiceEnv = z.infer<typeof ServiceEnv>;

/** The Kafka part of ServiceEnv, for tools that reach the cluster without being a service. */
const KafkaEnv = ServiceEnv.pick({
  KAFKA_BROKERS: true,
  KAFKA_SSL: true,
  KAFKA_SSL_CA_FILE: true,
  KAFKA_SASL_MECHANISM: true,
  KAFKA_SASL_USERNAME: true,
  KAFKA_SASL_PASSWORD: true,
  KAFKA_SASL_PASSWORD_FILE: true,
});

/** What connectMongo adds to MONGO_URL: credentials and the CA bundle to trust. */
export interface MongoSecurity {
  auth?: { username: string; password: string };
  tlsCAFile?: string;
}

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  'device-registry': 3001,
  'card-session': 3002,
  'qualification-lookup': 3003,
  'voucher-matching': 3004,
  audit: 3005,
};

export function databaseName(service: ServiceName): string {
  return `hcv_${service.replace(/-/g, '_')}`;
}

export function loadServiceEnv(env: NodeJS.ProcessEnv = process.env): ServiceEnv {
  const parsed = ServiceEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/** The Kafka client's TLS and SASL settings (none set: plaintext, refused in production unless KAFKA_INSECURE=true). */
export function kafkaSecurity(
  env: Pick<
    ServiceEnv,
    'KAFKA_SSL' | 'KAFKA_SSL_CA_FILE' | 'KAFKA_SASL_MECHANISM' | 'KAFKA_SASL_USERNAME' | 'KAFKA_SASL_PASSWORD' | 'KAFKA_SASL_PASSWORD_FILE'
  >,
  nodeEnv: string | undefined = process.env.NODE_ENV,
): KafkaSecurity | undefined {
  const ssl = env.KAFKA_SSL === 'true';
  if (!ssl && !env.KAFKA_SASL_MECHANISM && !env.KAFKA_SSL_CA_FILE) return undefined;
  const security: KafkaSecurity = { ssl };
  if (env.KAFKA_SSL_CA_FILE) security.caFile = env.KAFKA_SSL_CA_FILE;
  if (env.KAFKA_SASL_MECHANISM) {
    if (!env.KAFKA_SASL_USERNAME) throw new Error('Invalid configuration: KAFKA_SASL_USERNAME must be set with KAFKA_SASL_MECHANISM');
    const password = secretFromEnv({
      name: 'KAFKA_SASL_PASSWORD',
      value: env.KAFKA_SASL_PASSWORD,
      file: env.KAFKA_SASL_PASSWORD_FILE,
      nodeEnv,
      minLength: 1,
    });
    security.sasl = { mechanism: env.KAFKA_SASL_MECHANISM, username: env.KAFKA_SASL_USERNAME, password };
  }
  return security;
}

/** The MongoDB driver's credentials and CA for these settings (none set: what MONGO_URL says alone). */
export function mongoClientSecurity(
  env: Pick<ServiceEnv, 'MONGO_USERNAME' | 'MONGO_PASSWORD' | 'MONGO_PASSWORD_FILE' | 'MONGO_TLS_CA_FILE'>,
  nodeEnv: string | undefined = process.env.NODE_ENV,
): MongoSecurity {
  const security: MongoSecurity = {};
  if (env.MONGO_TLS_CA_FILE) security.tlsCAFile = env.MONGO_TLS_CA_FILE;
  if (env.MONGO_USERNAME) {
    const password = secretFromEnv({
      name: 'MONGO_PASSWORD',
      value: env.MONGO_PASSWORD,
      file: env.MONGO_PASSWORD_FILE,
      nodeEnv,
      minLength: 1,
    });
    security.auth = { username: env.MONGO_USERNAME, password };
  } else if (env.MONGO_PASSWORD !== undefined || env.MONGO_PASSWORD_FILE !== undefined) {
    throw new Error('Invalid configuration: MONGO_USERNAME must be set with MONGO_PASSWORD');
  }
  return security;
}

/**
 * The Kafka client settings of the services for any other client of the same cluster (dlq:replay,
 * the bench tools): brokers and TLS/SASL from the same variables, parsed by the same schema.
 */
export function kafkaClientSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): {
  brokers: string[];
  security: KafkaSecurity | undefined;
} {
  const parsed = KafkaEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return { brokers: parsed.data.KAFKA_BROKERS, security: kafkaSecurity(parsed.data, env.NODE_ENV) };
}
