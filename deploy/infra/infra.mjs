#!/usr/bin/env node
// Real Kafka and a MongoDB-wire server for tests, on a machine without a Docker engine.
//   node deploy/infra/infra.mjs fetch    resolve the jars from Maven Central into .cache/infra/
//   node deploy/infra/infra.mjs start    start both on free loopback ports; prints the env to export
//   node deploy/infra/infra.mjs stop     stop what `start` started (by recorded pid, never by name)
//   node deploy/infra/infra.mjs status
// Also a library: the jest global setup imports startAll/stopAll; fault tests use killKafka/startKafka.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const KAFKA_VERSION = '4.1.1'; // must match deploy/infra/kafka/pom.xml
export const MONGO_JAVA_SERVER_VERSION = '1.47.0'; // must match deploy/infra/mongo/pom.xml

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const cache = join(root, '.cache', 'infra');
const statePath = join(cache, 'state.json');
export const kafkaJars = join(cache, `kafka-${KAFKA_VERSION}`);
export const mongoJars = join(cache, `mongo-${MONGO_JAVA_SERVER_VERSION}`);
const require = createRequire(join(root, 'package.json'));

const log = (msg) => process.stderr.write(`[infra] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const hasJars = (dir) => existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.jar'));

/** Resolves the jars with their dependencies (mvn dependency:copy-dependencies), once. */
export function fetchJars() {
  for (const [pomDir, out] of [[join(here, 'kafka'), kafkaJars], [join(here, 'mongo'), mongoJars]]) {
    if (hasJars(out)) continue;
    log(`fetching ${out.split('/').pop()} from Maven Central`);
    execFileSync('mvn', ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${out}`], { cwd: pomDir, stdio: ['ignore', 'inherit', 'inherit'] });
  }
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Sends `signal` to one pid; with SIGTERM, escalates to SIGKILL after `graceMs`. Resolves when it is gone. */
export async function stopPid(pid, { signal = 'SIGTERM', graceMs = 10_000 } = {}) {
  if (!pid || !isAlive(pid)) return;
  process.kill(pid, signal);
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) {
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(50);
  }
}

function kafkaProperties({ port, controllerPort, dataDir }) {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${join(dataDir, 'logs')}`,
    'num.partitions=3',
    'auto.create.topics.enable=true',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'log.flush.interval.messages=1',
    '',
  ].join('\n');
}

const LOG4J2 = (dataDir) => [
  'status = warn',
  'appender.file.type = File',
  'appender.file.name = file',
  `appender.file.fileName = ${join(dataDir, 'kafka-server.log')}`,
  'appender.file.layout.type = PatternLayout',
  'appender.file.layout.pattern = [%d] %p %m (%c)%n',
  'rootLogger.level = warn',
  'rootLogger.appenderRef.file.ref = file',
  '',
].join('\n');

const javaClasspath = (dir) => `${dir}/*`;

/** Writes the config and formats the storage once (KRaft needs a cluster id in the log dir). */
export function formatKafka({ port, controllerPort, dataDir }) {
  mkdirSync(dataDir, { recursive: true });
  const props = join(dataDir, 'server.properties');
  writeFileSync(props, kafkaProperties({ port, controllerPort, dataDir }));
  writeFileSync(join(dataDir, 'log4j2.properties'), LOG4J2(dataDir));
  if (existsSync(join(dataDir, 'logs', 'meta.properties'))) return props;
  const clusterId = randomBytes(16).toString('base64url');
  execFileSync('java', ['-cp', javaClasspath(kafkaJars), `-Dlog4j2.configurationFile=${join(dataDir, 'log4j2.properties')}`, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', props], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return props;
}

/** Starts (or restarts, on the same data dir) the broker; resolves with its pid once it answers. */
export async function startKafka({ port, controllerPort, dataDir, timeoutMs = 120_000 }) {
  const props = formatKafka({ port, controllerPort, dataDir });
  const out = openSync(join(dataDir, 'kafka.out'), 'a');
  const child = spawn(
    'java',
    ['-Xms256m', '-Xmx768m', '-XX:+UseG1GC', '-Djava.awt.headless=true', `-Dlog4j2.configurationFile=${join(dataDir, 'log4j2.properties')}`, '-cp', javaClasspath(kafkaJars), 'kafka.Kafka', props],
    { detached: true, stdio: ['ignore', out, out] },
  );
  child.unref();
  const started = Date.now();
  await waitForKafka(`127.0.0.1:${port}`, timeoutMs, child.pid);
  log(`kafka ${KAFKA_VERSION} ready on 127.0.0.1:${port} in ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${child.pid})`);
  return child.pid;
}

async function waitForKafka(broker, timeoutMs, pid) {
  const { Kafka, logLevel } = require('kafkajs');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (pid && !isAlive(pid)) throw new Error(`kafka (pid ${pid}) exited during start-up; see its kafka.out`);
    const admin = new Kafka({ clientId: 'infra-probe', brokers: [broker], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
    try {
      await admin.connect();
      await admin.listTopics();
      // A topic round trip proves the controller has elected this node and the broker takes writes.
      await admin.createTopics({ topics: [{ topic: '__infra_probe', numPartitions: 1 }], waitForLeaders: true });
      await admin.disconnect();
      return;
    } catch {
      await admin.disconnect().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`kafka on ${broker} did not answer within ${timeoutMs} ms`);
      await sleep(500);
    }
  }
}

/** Starts the Mongo-wire server; resolves with its pid once it answers a ping. */
export async function startMongo({ port, dataDir, timeoutMs = 60_000 }) {
  mkdirSync(dataDir, { recursive: true });
  const out = openSync(join(dataDir, 'mongo.out'), 'a');
  const child = spawn('java', ['-Xmx1g', '-cp', javaClasspath(mongoJars), join(here, 'MongoWireServer.java'), String(port)], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  child.unref();
  const started = Date.now();
  const deadline = started + timeoutMs;
  const { MongoClient } = require('mongodb');
  for (;;) {
    if (!isAlive(child.pid)) throw new Error(`mongo-java-server exited during start-up; see ${join(dataDir, 'mongo.out')}`);
    if (await tcpOpen(port)) {
      const client = new MongoClient(`mongodb://127.0.0.1:${port}`, { serverSelectionTimeoutMS: 2_000 });
      try {
        await client.connect();
        await client.db('admin').command({ ping: 1 });
        await client.close();
        break;
      } catch {
        await client.close().catch(() => undefined);
      }
    }
    if (Date.now() > deadline) throw new Error(`mongo-java-server on ${port} did not answer within ${timeoutMs} ms`);
    await sleep(250);
  }
  log(`mongo-java-server ${MONGO_JAVA_SERVER_VERSION} ready on 127.0.0.1:${port} in ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${child.pid})`);
  return child.pid;
}

function tcpOpen(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Starts both servers in parallel; the caller owns the returned state (pids, ports, data dir). */
export async function startAll() {
  fetchJars();
  const dataDir = mkdtempSync(join(tmpdir(), 'hcv-infra-'));
  const [kafkaPort, controllerPort, mongoPort] = [await freePort(), await freePort(), await freePort()];
  const kafka = { port: kafkaPort, controllerPort, dataDir: join(dataDir, 'kafka') };
  const mongo = { port: mongoPort, dataDir: join(dataDir, 'mongo') };
  const state = { dataDir, kafka, mongo, kafkaBrokers: `127.0.0.1:${kafkaPort}`, mongoUrl: `mongodb://127.0.0.1:${mongoPort}`, pids: {} };
  try {
    const [kafkaPid, mongoPid] = await Promise.all([
      startKafka(kafka).then((pid) => (state.pids.kafka = pid)),
      startMongo(mongo).then((pid) => (state.pids.mongo = pid)),
    ]);
    state.pids = { kafka: kafkaPid, mongo: mongoPid };
  } catch (error) {
    await stopAll(state);
    throw error;
  }
  return state;
}

/** SIGKILLs the broker (fault tests), keeping its data dir for a restart with startKafka(state.kafka). */
export async function killKafka(state) {
  await stopPid(state.pids.kafka, { signal: 'SIGKILL' });
}

export async function stopAll(state) {
  await Promise.all([stopPid(state.pids?.kafka), stopPid(state.pids?.mongo)]);
  if (state.dataDir) rmSync(state.dataDir, { recursive: true, force: true });
}

async function cli(command) {
  switch (command) {
    case 'fetch':
      fetchJars();
      return;
    case 'start': {
      if (existsSync(statePath)) throw new Error(`already started (${statePath}); run stop first`);
      const state = await startAll();
      mkdirSync(cache, { recursive: true });
      writeFileSync(statePath, JSON.stringify(state, null, 2));
      process.stdout.write(`export KAFKA_BROKERS=${state.kafkaBrokers} MONGO_URL=${state.mongoUrl}\n`);
      return;
    }
    case 'stop': {
      if (!existsSync(statePath)) return log('nothing recorded as running');
      await stopAll(JSON.parse(readFileSync(statePath, 'utf8')));
      rmSync(statePath);
      return log('stopped');
    }
    case 'status': {
      if (!existsSync(statePath)) return log('not running');
      const state = JSON.parse(readFileSync(statePath, 'utf8'));
      for (const [name, pid] of Object.entries(state.pids)) log(`${name}: pid ${pid} ${isAlive(pid) ? 'alive' : 'gone'}`);
      process.stdout.write(`export KAFKA_BROKERS=${state.kafkaBrokers} MONGO_URL=${state.mongoUrl}\n`);
      return;
    }
    default:
      throw new Error('usage: infra.mjs fetch|start|stop|status');
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  cli(process.argv[2]).catch((error) => {
    log(error.message);
    process.exit(1);
  });
}
