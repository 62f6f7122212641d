import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Module } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { Connection } from 'mongoose';
import { InMemoryProcessedEventLog, KafkaMessageBus, MessageBusTransport, on } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { connectMongo } from '@hcv/persistence';
import { createHttpApp } from '@hcv/platform-http';
import { HealthModule, type ServiceRuntime } from '@hcv/platform-runtime';
import { sequencedContract, temporaryFolder, testStaffVerifier, waitFor } from '@hcv/testing';

/**
 * Readiness follows the broker and the database through real outages: a
 * private Kafka and mongo-java-server (so the shared ones stay up for other tests) are SIGKILLed and
 * restarted; /health/ready turns 503 naming the dependency that is down, and 200 again once it is
 * back, while /health/live stays 200 (waiting out an outage needs no restart).
 */
jest.setTimeout(300_000);

type InfraModule = typeof import('../../tools/infra/infra.mjs');
type InfraState = Awaited<ReturnType<InfraModule['startAll']>>;
const infraScript = join(__dirname, '../../tools/infra/infra.mjs');
const run = promisify(execFile);

/**
 * The private servers, driven through the infra script in child processes (jest's module sandbox
 * cannot import the .mjs): started with their own state file, killed by pid, restarted.
 */
class PrivateInfra {
  private readonly dir = temporaryFolder('readiness');
  private readonly stateFile = join(this.dir, 'state.json');
  private readonly env = { ...process.env, HCV_INFRA_STATE: this.stateFile };
  state!: InfraState;

  async start() {
    await run(process.execPath, [infraScript, 'start'], { env: this.env, timeout: 180_000 });
    this.state = JSON.parse(readFileSync(this.stateFile, 'utf8')) as InfraState;
  }
  kill(server: 'kafka' | 'mongo') {
    process.kill(this.state.pids[server]!, 'SIGKILL');
  }
  async restartKafka() {
    await run(process.execPath, [infraScript, 'restart-kafka'], { env: this.env, timeout: 180_000 });
    this.state = JSON.parse(readFileSync(this.stateFile, 'utf8')) as InfraState;
  }
  async restartMongo() {
    const code =
      'const m = await import(process.env.INFRA_SCRIPT); process.stdout.write(String(await m.startMongo(JSON.parse(process.env.MONGO_OPTIONS))));';
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], {
      env: { ...this.env, INFRA_SCRIPT: infraScript, MONGO_OPTIONS: JSON.stringify(this.state.mongo) },
      timeout: 120_000,
    });
    this.state.pids.mongo = Number(stdout.trim());
    writeFileSync(this.stateFile, JSON.stringify(this.state)); // so `stop` stops the new pid
  }
  async stop() {
    await run(process.execPath, [infraScript, 'stop'], { env: this.env, timeout: 60_000 }).catch(() => undefined);
  }
}

type Probe = { status: number; details: Record<string, { status: string; detail?: string }> };

@Module({})
class ProbeHost {}

describe('readiness through a broker outage and a database outage', () => {
  const logger = createLogger({ service: 'audit', level: 'error' });
  const infra = new PrivateInfra();
  let connection: Connection;
  let bus: KafkaMessageBus;
  let close = async (): Promise<unknown> => undefined;
  let url = '';

  beforeAll(async () => {
    await infra.start();
    const { state } = infra;
    connection = await connectMongo({ url: state.mongoUrl, dbName: 'readiness' });
    const contract = sequencedContract('readiness');
    bus = new KafkaMessageBus({
      brokers: [state.kafkaBrokers],
      clientId: 'audit',
      logger,
      contracts: [contract],
      sessionTimeoutMillis: 6_000,
    });
    const consumers = new MessageBusTransport(bus, { processedLog: new InMemoryProcessedEventLog() }).consume(
      { group: 'readiness.probe' },
      [on(contract, async () => undefined)],
    );
    const runtime: ServiceRuntime = {
      service: 'audit',
      bus,
      publisher: bus.publisher('audit'),
      processedLog: new InMemoryProcessedEventLog(),
      storage: { kind: 'mongo', connection },
      logger,
      clock: () => new Date(),
    };
    const app = await createHttpApp({ module: ProbeHost, imports: [HealthModule.register(runtime)] }, logger, {
      staffTokens: testStaffVerifier(),
    });
    await app.init();
    await consumers.start();
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    close = () => app.close();
  });

  afterAll(async () => {
    await close();
    await bus?.stop().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    await infra.stop();
  });

  const probe = async (path: string): Promise<Probe> => {
    const response = await fetch(`${url}${path}`);
    const body = (await response.json()) as { details?: Probe['details'] };
    return { status: response.status, details: body.details ?? {} };
  };

  it('is ready with both up; 503 naming the broker while it is down; ready again after its restart', async () => {
    expect((await probe('/health/ready')).status).toBe(200);
    infra.kill('kafka');
    const downSince = Date.now();
    let last: Probe | undefined;
    await waitFor(async () => (last = await probe('/health/ready')).status === 503, 30_000, 'readiness to turn red');
    console.log(`readiness red ${Date.now() - downSince} ms after the broker was killed`);
    expect(last!.details.broker?.status).toBe('down');
    expect(last!.details.database?.status).toBe('up');
    expect((await probe('/health/live')).status).toBe(200);

    await infra.restartKafka();
    const upSince = Date.now();
    await waitFor(async () => (last = await probe('/health/ready')).status === 200, 120_000, 'readiness to turn green again');
    console.log(`readiness green ${Date.now() - upSince} ms after the broker answered again`);
    expect((await probe('/health/live')).status).toBe(200);
  });

  it('503 naming the database while it is down; ready again after its restart', async () => {
    infra.kill('mongo');
    let last: Probe | undefined;
    await waitFor(async () => (last = await probe('/health/ready')).status === 503, 30_000, 'readiness to turn red');
    expect(last!.details.database?.status).toBe('down');
    expect(last!.details.broker?.status).toBe('up');
    expect((await probe('/health/live')).status).toBe(200);

    await infra.restartMongo();
    await waitFor(async () => (last = await probe('/health/ready')).status === 200, 120_000, 'readiness to turn green again');
  });
});
