/**
 * jest global setup: gives the integration and end-to-end tests a real Kafka broker and a
 * MongoDB-wire server, in this order:
 *   1. KAFKA_BROKERS and MONGO_URL from the environment (nothing is started);
 *   2. testcontainers, if a container runtime answers (apache/kafka + mongo images);
 *   3. deploy/infra/infra.mjs: Kafka and mongo-java-server from Maven Central jars, on loopback.
 * HCV_INFRA=none skips all of it (unit tests only). What was started is stopped in global-teardown.
 */
import { join } from 'node:path';

export interface StartedInfra {
  kind: 'env' | 'testcontainers' | 'jars' | 'none';
  stop(): Promise<void>;
}

declare global {
  var __HCV_INFRA__: StartedInfra | undefined;
}

const KAFKA_IMAGE = 'apache/kafka:4.1.1';
const MONGO_IMAGE = 'mongo:8';

async function containerRuntimeAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer')), 5_000)),
    ]);
    return true;
  } catch {
    return false;
  }
}

async function startWithTestcontainers(): Promise<StartedInfra> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const mongo = await new GenericContainer(MONGO_IMAGE).withExposedPorts(27017).start();
  // apache/kafka's defaults are a single-node KRaft broker; advertise the mapped host port.
  const kafkaPort = 9092;
  const kafka = await new GenericContainer(KAFKA_IMAGE)
    .withExposedPorts({ container: kafkaPort, host: 39092 })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://127.0.0.1:39092',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  process.env.KAFKA_BROKERS = `127.0.0.1:39092`;
  process.env.MONGO_URL = `mongodb://${mongo.getHost()}:${mongo.getMappedPort(27017)}`;
  return {
    kind: 'testcontainers',
    stop: async () => {
      await kafka.stop();
      await mongo.stop();
    },
  };
}

async function startFromJars(): Promise<StartedInfra> {
  const infraPath = join(__dirname, '../../../deploy/infra/infra.mjs');
  // A real dynamic import (ts-jest would turn `import()` into require(), which cannot load .mjs).
  const importModule = new Function('p', 'return import(p)') as (p: string) => Promise<typeof import('../../../deploy/infra/infra.mjs')>;
  const infra = await importModule(infraPath);
  const state = await infra.startAll();
  process.env.KAFKA_BROKERS = state.kafkaBrokers;
  process.env.MONGO_URL = state.mongoUrl;
  return { kind: 'jars', stop: () => infra.stopAll(state) };
}

export default async function globalSetup(): Promise<void> {
  let infra: StartedInfra;
  if (process.env.HCV_INFRA === 'none') {
    infra = { kind: 'none', stop: async () => undefined };
  } else if (process.env.KAFKA_BROKERS && process.env.MONGO_URL) {
    infra = { kind: 'env', stop: async () => undefined };
  } else if (await containerRuntimeAnswers()) {
    infra = await startWithTestcontainers();
  } else {
    infra = await startFromJars();
  }
  globalThis.__HCV_INFRA__ = infra;
  process.stderr.write(`\n[test infra] ${infra.kind}: KAFKA_BROKERS=${process.env.KAFKA_BROKERS ?? '-'} MONGO_URL=${process.env.MONGO_URL ?? '-'}\n`);
}
