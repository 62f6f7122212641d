import { join } from 'node:path';
import { Module } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { Connection } from 'mongoose';
import { InMemoryProcessedEventLog, KafkaMessageBus, on } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { connectMongo } from '@hcv/persistence';
import { createHttpApp, HealthModule, type ServiceRuntime } from '@hcv/service-kit';
import { sequencedContract, testStaffVerifier, waitFor } from '@hcv/testing';

/**
 * Readiness follows the broker and the database through real outages (issue 6, requirement 7): a
 * private Kafka and mongo-java-server (so the shared ones stay up for other tests) are SIGKILLed and
 * restarted; /health/ready turns 503 naming the dependency that is down, and 200 again once it is
 * back, while /health/live stays 200 (waiting out an outage needs no restart).
 */
jest.setTimeout(300_000);

type InfraModule = typeof import('../../deploy/infra/infra.mjs');
type InfraState = Awaited<ReturnType<InfraModule['startAll']>>;
type Probe = { status: number; details: Record<string, { status: string; detail?: string }> };

@Module({})
class ProbeHost {}

describe('readiness through a broker outage and a database outage', () => {
  const logger = createLogger({ service: 'audit', level: 'error' });
  let infra: InfraModule;
  let state: InfraState;
  let connection: Connection;
  let bus: KafkaMessageBus;
  let close = async (): Promise<unknown> => undefined;
  let url = '';

  beforeAll(async () => {
    const importModule = new Function('p', 'return import(p)') as (p: string) => Promise<InfraModule>;
    infra = await importModule(join(__dirname, '../../deploy/infra/infra.mjs'));
    state = await infra.startAll({ stateFile: null as unknown as string });
    connection = await connectMongo({ url: state.mongoUrl, dbName: 'readiness' });
    const contract = sequencedContract('readiness');
    bus = new KafkaMessageBus({ brokers: [state.kafkaBrokers], clientId: 'audit', logger, contracts: [contract], sessionTimeoutMillis: 6_000 });
    bus.subscribe({ groupId: 'readiness.probe', processedLog: new InMemoryProcessedEventLog(), handlers: [on(contract, async () => undefined)] });
    const runtime: ServiceRuntime = {
      service: 'audit',
      bus,
      publisher: bus.publisher('audit'),
      processedLog: new InMemoryProcessedEventLog(),
      storage: { kind: 'mongo', connection },
      logger,
      clock: () => new Date(),
    };
    const app = await createHttpApp({ module: ProbeHost, imports: [HealthModule.register(runtime)] }, logger, { staffTokens: testStaffVerifier() });
    await app.init();
    await bus.start();
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    close = () => app.close();
  });

  afterAll(async () => {
    await close();
    await bus?.stop().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    if (state) await infra.stopAll(state);
  });

  const probe = async (path: string): Promise<Probe> => {
    const response = await fetch(`${url}${path}`);
    const body = (await response.json()) as { details?: Probe['details'] };
    return { status: response.status, details: body.details ?? {} };
  };

  it('is ready with both up; 503 naming the broker while it is down; ready again after its restart', async () => {
    expect((await probe('/health/ready')).status).toBe(200);
    await infra.killKafka(state, 'SIGKILL');
    const downSince = Date.now();
    let last: Probe | undefined;
    await waitFor(async () => (last = await probe('/health/ready')).status === 503, 30_000, 'readiness to turn red');
    console.log(`readiness red ${Date.now() - downSince} ms after the broker was killed`);
    expect(last!.details.broker?.status).toBe('down');
    expect(last!.details.database?.status).toBe('up');
    expect((await probe('/health/live')).status).toBe(200);

    await infra.restartKafka(state);
    const upSince = Date.now();
    await waitFor(async () => (last = await probe('/health/ready')).status === 200, 120_000, 'readiness to turn green again');
    console.log(`readiness green ${Date.now() - upSince} ms after the broker answered again`);
    expect((await probe('/health/live')).status).toBe(200);
  });

  it('503 naming the database while it is down; ready again after its restart', async () => {
    await infra.stopPid(state.pids.mongo, { signal: 'SIGKILL' });
    let last: Probe | undefined;
    await waitFor(async () => (last = await probe('/health/ready')).status === 503, 30_000, 'readiness to turn red');
    expect(last!.details.database?.status).toBe('down');
    expect(last!.details.broker?.status).toBe('up');
    expect((await probe('/health/live')).status).toBe(200);

    state.pids.mongo = await infra.startMongo(state.mongo);
    await waitFor(async () => (last = await probe('/health/ready')).status === 200, 120_000, 'readiness to turn green again');
  });
});
