/**
 * jest global setup: gives the integration and end-to-end tests a real Kafka broker and a
 * MongoDB-wire server, in this order:
 *   1. KAFKA_BROKERS and MONGO_URL from the environment (nothing is started);
 *   2. testcontainers, if a container runtime answers within 5 s (apache/kafka + mongo images);
 *   3. tools/infra/infra.mjs: Kafka and mongo-java-server from Maven Central jars, on loopback.
 * HCV_INFRA=none skips all of it (unit tests only). The env changes reach the test workers; what was
 * started is stopped in global-teardown (by pid or container, never by name).
 */
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface StartedInfra {
  kind: 'env' | 'testcontainers' | 'jars' | 'none';
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
    process.env.KAFKA_BROKERS = `${host}:${kafkaPort}`;
    process.env.MONGO_URL = `mongodb://${mongo.getHost()}:${mongo.getMappedPort(27017)}`;
    return {
      kind: 'testcontainers',
      stop: async () => {
        await Promise.allSettled([kafka.stop(), mongo.stop()]);
      },
    };
  } catch (error) {
    await mongo.stop().catch(() => undefined);
    throw error;
  }
}

async function startFromJars(): Promise<StartedInfra> {
  const infraPath = join(__dirname, '../../../tools/infra/infra.mjs');
  const infra = (await import(infraPath)) as InfraModule;
  if (!infra.jarsPresent()) infra.fetchJars();
  // Recorded apart from the state.json of `infra.mjs start`; should jest be killed before its teardown,
  // `HCV_INFRA_STATE=<that file> node tools/infra/infra.mjs stop` stops these two.
  const stateFile = join(__dirname, '../../../.cache/infra', `jest-${process.pid}.json`);
  const state = await infra.startAll({ stateFile });
  // Should the teardown not run but the process exit normally (an error after the setup), do not leave
  // the two JVMs behind: SIGKILL exactly these pids. After a normal teardown they are gone already.
  const killOnExit = () => infra.killAllNow(state);
  process.once('exit', killOnExit);
  process.env.KAFKA_BROKERS = state.kafkaBrokers;
  process.env.MONGO_URL = state.mongoUrl;
  return {
    kind: 'jars',
    stop: async () => {
      await infra.stopAll(state);
      process.removeListener('exit', killOnExit);
    },
  };
}

async function chooseAndStart(): Promise<StartedInfra> {
  if (process.env.HCV_INFRA === 'none') return { kind: 'none', stop: async () => undefined };
  if (process.env.KAFKA_BROKERS && process.env.MONGO_URL) return { kind: 'env', stop: async () => undefined };
  const host = await containerRuntimeHost();
  if (host) return startWithTestcontainers(host);
  return startFromJars();
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const infra = await chooseAndStart();
  globalThis.__HCV_INFRA__ = infra;
  if (infra.kind === 'none') return;
  const took = infra.kind === 'env' ? '' : ` (${((Date.now() - started) / 1000).toFixed(1)}s)`;
  process.stderr.write(
    `\n[test infra] ${infra.kind}${took}: KAFKA_BROKERS=${process.env.KAFKA_BROKERS} MONGO_URL=${process.env.MONGO_URL}\n`,
  );
}
