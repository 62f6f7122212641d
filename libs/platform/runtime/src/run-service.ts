import { setFlagsFromString } from 'node:v8';
import type { DynamicModule } from '@nestjs/common';
import type { MicroserviceOptions } from '@nestjs/microservices';
import type { ServiceName } from '@hcv/contracts';
import { MessageBusTransport, type ConsumerFetchSettings } from '@hcv/messaging';
import { createLogger, type Telemetry } from '@hcv/observability';
import { connectMongo } from '@hcv/persistence';
import { staffTokensFromEnv } from '@hcv/platform-access';
import { countMongoCommand } from '@hcv/platform-metrics';
import { createHttpApp } from '@hcv/platform-http';
import { lifecycle } from './health.controller';
import { databaseName, DEFAULT_PORTS, kafkaSecurity, loadServiceEnv, mongoClientSecurity, type MongoSecurity } from './service-config';
import type { ServiceRuntime } from './service-runtime';
import type { ServiceEnv } from './service-config';
import { kafkaMongoRuntime } from './kafka-mongo-runtime';

/**
 * Standalone start of one service: its own MongoDB database, the Kafka bus, HTTP. SIGTERM/SIGINT
 * stop HTTP first, then let consumers finish and commit, then close the database and flush traces.
 */
export async function runService(options: {
  service: ServiceName;
  module: (runtime: ServiceRuntime) => DynamicModule;
  telemetry: Telemetry;
  /**
   * The service's start-up check (its config's, which calls refuseUnsafeDefaults): run before anything
   * connects; a refusal prints one line `<service> refuses to start: <why>` on stderr and exits 2.
   */
  startupCheck: (env: NodeJS.ProcessEnv) => void;
  /**
   * The service's own consumer settings (read by its config), winning over KAFKA_PARTITIONS_CONCURRENCY
   * and KAFKA_FETCH_*: audit, on no verification's path, lets its fetches fill.
   */
  consumers?: (env: NodeJS.ProcessEnv) => { partitionsConsumedConcurrently?: number; fetch?: ConsumerFetchSettings };
}): Promise<void> {
  const { service } = options;
  const logger = createLogger({ service });
  let env: ServiceEnv;
  let security: ReturnType<typeof kafkaSecurity>;
  let mongoSecurity: MongoSecurity;
  let consumers: ReturnType<NonNullable<typeof options.consumers>> | undefined;
  try {
    env = loadServiceEnv();
    // After start-up: the young generation keeps the size NODE_OPTIONS gave it (the flag on the
    // command line would imply --max-semi-space-size=1); the heap's growth and shrinking read it as they go.
    if (env.V8_OPTIMIZE_FOR_SIZE === 'true') setFlagsFromString('--optimize-for-size');
    options.startupCheck(process.env);
    consumers = options.consumers?.(process.env);
    security = kafkaSecurity(env);
    mongoSecurity = mongoClientSecurity(env);
  } catch (error) {
    process.stderr.write(`${service} refuses to start: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')}\n`);
    await options.telemetry.shutdown().catch(() => undefined);
    process.exit(2);
  }
  try {
    const staffTokens = staffTokensFromEnv();
    const connection = await connectMongo({
      url: env.MONGO_URL,
      dbName: env.MONGO_DB ?? databaseName(service),
      ...mongoSecurity,
      timeouts: {
        serverSelectionTimeoutMS: env.MONGO_SERVER_SELECTION_TIMEOUT_MS,
        connectTimeoutMS: env.MONGO_CONNECT_TIMEOUT_MS,
        startTimeoutMS: env.MONGO_START_TIMEOUT_MS,
        socketTimeoutMS: env.MONGO_SOCKET_TIMEOUT_MS,
      },
      // hcv_mongodb_commands_total: the database round trips of this service, by command and collection.
      onCommand: countMongoCommand,
    });
    const runtime = kafkaMongoRuntime({
      service,
      brokers: env.KAFKA_BROKERS,
      security,
      connection,
      logger,
      partitionsConsumedConcurrently: consumers?.partitionsConsumedConcurrently ?? env.KAFKA_PARTITIONS_CONCURRENCY,
      fetch: {
        ...(env.KAFKA_FETCH_MAX_WAIT_MS !== undefined ? { maxWaitTimeInMs: env.KAFKA_FETCH_MAX_WAIT_MS } : {}),
        ...(env.KAFKA_FETCH_MIN_BYTES !== undefined ? { minBytes: env.KAFKA_FETCH_MIN_BYTES } : {}),
        ...consumers?.fetch,
      },
      keyOrderedGroupMembers: env.KAFKA_GROUP_MEMBERS,
      ...(env.KAFKA_SESSION_TIMEOUT_MS !== undefined ? { sessionTimeoutMillis: env.KAFKA_SESSION_TIMEOUT_MS } : {}),
    });
    runtime.readiness = {
      failuresToNotReady: env.READINESS_FAILURES_TO_NOT_READY,
      successesToReady: env.READINESS_SUCCESSES_TO_READY,
      checkTimeoutMillis: env.READINESS_CHECK_TIMEOUT_MS,
    };
    runtime.outboxPullLingerMillis = env.OUTBOX_PULL_LINGER_MS;
    const { bus } = runtime;
    const app = await createHttpApp(options.module(runtime), logger, {
      staffTokens,
      security: { corsAllowedOrigins: env.CORS_ALLOWED_ORIGINS, trustProxy: env.HTTP_TRUST_PROXY },
      retryAfterSeconds: env.HTTP_RETRY_AFTER_SECONDS,
    });
    // A hybrid app: the module's @EventPattern controllers consume through the bus. Subscribed and
    // the bus started after init and before HTTP listens, as the probes expect.
    app.connectMicroservice<MicroserviceOptions>({ strategy: new MessageBusTransport(bus, { processedLog: runtime.processedLog }) });
    await app.init();
    await app.startAllMicroservices();
    await app.listen(env.HTTP_PORT ?? DEFAULT_PORTS[service], env.HTTP_HOST);
    logger.info('service started', { port: env.HTTP_PORT ?? DEFAULT_PORTS[service] });

    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info('stopping', { signal });
      // Readiness turns red first; then HTTP stops taking requests (in-flight ones finish), then the
      // consumers finish their in-flight messages and commit, and only then the database closes.
      lifecycle.draining = true;
      const deadline = setTimeout(() => {
        logger.error('drain did not finish within 25 s; exiting with uncommitted work left to redelivery');
        process.exit(1);
      }, 25_000);
      await app.close();
      await bus.stop();
      await connection.close();
      clearTimeout(deadline);
      logger.info('drained and stopped', { signal });
      await options.telemetry.shutdown();
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
  } catch (error) {
    logger.error('service failed to start', { error });
    await options.telemetry.shutdown().catch(() => undefined);
    process.exit(1);
  }
}
