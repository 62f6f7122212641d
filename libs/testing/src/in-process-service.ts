import type { DynamicModule } from '@nestjs/common';
import type { MicroserviceOptions } from '@nestjs/microservices';
import type { AddressInfo } from 'node:net';
import type { ServiceName } from '@hcv/contracts';
import { MessageBusTransport } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { connectMongo } from '@hcv/persistence';
import { createHttpApp } from '@hcv/platform-http';
import { kafkaMongoRuntime, type ServiceRuntime } from '@hcv/platform-runtime';
import { testStaffVerifier } from './staff-tokens';

export interface InProcessService {
  url: string;
  stop(): Promise<void>;
}

/**
 * One service's Nest module in the test process, but on the real adapters: its own database on the
 * test MongoDB server and the real Kafka broker. For integration tests that need two services
 * talking over Kafka without the cost of separate processes (the e2e tests use those).
 */
export async function startInProcessService(options: {
  service: ServiceName;
  module: (runtime: ServiceRuntime) => DynamicModule;
  database: string;
}): Promise<InProcessService> {
  const logger = createLogger({ service: options.service, level: 'error' });
  const connection = await connectMongo({ url: process.env.MONGO_URL!, dbName: options.database });
  const runtime = kafkaMongoRuntime({
    service: options.service,
    brokers: process.env.KAFKA_BROKERS!.split(','),
    connection,
    logger,
    sessionTimeoutMillis: 6_000,
    // A consumer's stop waits for its fetch in hand, which the broker holds until a message arrives or
    // the wait ends (the services' 5 s default): each stopped service cost a file up to 5 s of waiting.
    fetch: { maxWaitTimeInMs: 500 },
  });
  const { bus } = runtime;
  const app = await createHttpApp(options.module(runtime), logger, { staffTokens: testStaffVerifier() });
  app.connectMicroservice<MicroserviceOptions>({ strategy: new MessageBusTransport(bus, { processedLog: runtime.processedLog }) });
  await app.init();
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await app.close();
      await bus.stop();
      await connection.close();
    },
  };
}
