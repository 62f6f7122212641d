/**
 * jest global setup: gives the integration and end-to-end tests a real Kafka broker and a
 * MongoDB-wire server, in this order:
 *   1. KAFKA_BROKERS and MONGO_URL from the environment (nothing is started);
 *   2. testcontainers, if a container runtime answers within 5 s (apache/kafka + mongo images);
 *   3. tools/infra/infra.mjs: Kafka and mongo-java-server from Maven Central jars, on loopback.
 * HCV_INFRA=none skips all of it (unit tests only). What was started is stopped in global-teardown
 * (by pid or container, never by name).
 *
 * One pair per jest worker (`--maxWorkers`, `npm run test:servers` runs two): the services use fixed
 * consumer group ids and topic names, so two files running side by side on one broker would share
 * their consumer groups and take each other's events. The pairs are handed to the workers in
 * HCV_TEST_INFRA (a JSON array); libs/testing/src/suite-environment.ts points KAFKA_BROKERS and
 * MONGO_URL of each worker at its own pair (JEST_WORKER_ID), before a spec file's code runs.
 * KAFKA_BROKERS and MONGO_URL given from outside are one pair, shared by every worker: run such
 * servers with --maxWorkers=1.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Config } from '@jest/types';
import { type TestInfraPair, TEST_INFRA_ENV } from './worker-infra';

export interface StartedInfra {
  kind: 'env' | 'testcontainers' | 'jars' | 'none';
  pair?: TestInfraPair;
  stop(): Promise<void>;
}

declare global {
  var __HCV_INFRA__: StartedInfra | undefined;
}

type InfraModule = typeof import('../../../tools/infra/infra.mjs');

const KAFKA_IMAGE = 'apache/kafka:4.1.1';
const MONGO_IMAGE = 'mongo:8';
const RUNTIME_TIMEOUT_MS = 5_000;

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The container runtime's host, or undefined when no runtime answers in time. */
async function containerRuntimeHost(): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await Promise.race([
      getContainerRuntimeClient(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer')), RUNTIME_TIMEOUT_MS);
      }),
    ]);
    return client.info.containerRuntime.host;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

async function startWithTestcontainers(host: string): Promise<StartedInfra> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const mongo = await new GenericContainer(MONGO_IMAGE).withExposedPorts(27017).start();
  try {
    // Clients must reach the broker on the address it advertises, so its host port is fixed up front
    // (a free one) instead of a random mapping. Single-node KRaft, as in tools/infra/infra.mjs.
    const kafkaPort = await freeLoopbackPort();
    const kafka = await new GenericContainer(KAFKA_IMAGE)
      .withExposedPorts({ container: 9092, host: kafkaPort })
      .withEnvironment({
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${host}:${kafkaPort}`,
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        KAFKA_NUM_PARTITIONS: '3',
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'true',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '10',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      })
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .withStartupTimeout(120_000)
      .start();
    return {
      kind: 'testcontainers',
      pair: { kafkaBrokers: `${host}:${kafkaPort}`, mongoUrl: `mongodb://${mongo.getHost()}:${mongo.getMappedPort(27017)}` },
      stop: async () => {
        await Promise.allSettled([kafka.stop(), mongo.stop()]);
      },
    };
  } catch (error) {
    await mongo.stop().catch(() => undefined);
    throw error;
  }
}

async function startFromJars(worker: number): Promise<StartedInfra> {
  const infraPath = join(__dirname, '../../../tools/infra/infra.mjs');
  const infra = (await import(infraPath)) as InfraModule;
  // Recorded apart from the state.json of `infra.mjs start`; should jest be killed before its teardown,
  // `HCV_INFRA_STATE=<that file> node tools/infra/infra.mjs stop` stops these two (one file per worker:
  // jest-<pid>.json for the first, jest-<pid>-w<n>.json for the others).
  const stateFile = join(
    __dirname,
    '../../../.cache/infra',
    worker === 1 ? `jest-${process.pid}.json` : `jest-${process.pid}-w${worker}.json`,
  );
  const state = await infra.startAll({ stateFile });
  // Should the teardown not run but the process exit normally (an error after the setup), do not leave
  // the two JVMs behind: SIGKILL exactly these pids. After a normal teardown they are gone already.
  const killOnExit = () => infra.killAllNow(state);
  process.once('exit', killOnExit);
  return {
    kind: 'jars',
    pair: { kafkaBrokers: state.kafkaBrokers, mongoUrl: state.mongoUrl },
    stop: async () => {
      await infra.stopAll(state);
      process.removeListener('exit', killOnExit);
    },
  };
}

/** Starts `count` pairs side by side; should one fail, stops the others and throws. */
async function startPairs(count: number, start: (worker: number) => Promise<StartedInfra>): Promise<StartedInfra> {
  const results = await Promise.allSettled(Array.from({ length: count }, (_, i) => start(i + 1)));
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const stopAll = async () => {
    await Promise.allSettled(started.map((s) => s.stop()));
  };
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  const kind = started[0]!.kind;
  process.env[TEST_INFRA_ENV] = JSON.stringify(started.map((s) => s.pair!));
  return { kind, pair: started[0]!.pair, stop: stopAll };
}

async function chooseAndStart(workers: number): Promise<StartedInfra> {
  delete process.env[TEST_INFRA_ENV]; // an outer run's pairs are not this run's
  if (process.env.HCV_INFRA === 'none') return { kind: 'none', stop: async () => undefined };
  if (process.env.KAFKA_BROKERS && process.env.MONGO_URL) {
    if (workers > 1)
      process.stderr.write(`\n[test infra] KAFKA_BROKERS and MONGO_URL are one pair shared by ${workers} workers: use --maxWorkers=1\n`);
    return { kind: 'env', stop: async () => undefined };
  }
  const host = await containerRuntimeHost();
  if (host) return startPairs(workers, () => startWithTestcontainers(host));
  const infra = (await import(join(__dirname, '../../../tools/infra/infra.mjs'))) as InfraModule;
  if (!infra.jarsPresent()) infra.fetchJars();
  return startPairs(workers, startFromJars);
}

export default async function globalSetup(globalConfig?: Config.GlobalConfig): Promise<void> {
  const started = Date.now();
  const workers = Math.max(1, globalConfig?.maxWorkers ?? 1);
  const infra = await chooseAndStart(workers);
  globalThis.__HCV_INFRA__ = infra;
  if (infra.kind === 'none') return;
  // The first pair is also the process's own (a run in band, and anything started from here).
  if (infra.pair) {
    process.env.KAFKA_BROKERS = infra.pair.kafkaBrokers;
    process.env.MONGO_URL = infra.pair.mongoUrl;
  }
  const took = infra.kind === 'env' ? '' : ` (${((Date.now() - started) / 1000).toFixed(1)}s)`;
  const pairs = process.env[TEST_INFRA_ENV] ? (JSON.parse(process.env[TEST_INFRA_ENV]) as TestInfraPair[]) : [];
  process.stderr.write(
    pairs.length > 1
      ? `\n[test infra] ${infra.kind}${took}, one pair per worker: ${pairs.map((p, i) => `${i + 1}: KAFKA_BROKERS=${p.kafkaBrokers} MONGO_URL=${p.mongoUrl}`).join('; ')}\n`
      : `\n[test infra] ${infra.kind}${took}: KAFKA_BROKERS=${process.env.KAFKA_BROKERS} MONGO_URL=${process.env.MONGO_URL}\n`,
  );
}
