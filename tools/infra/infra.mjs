#!/usr/bin/env node
// Real Kafka and a MongoDB-wire server for tests, on a machine without a Docker engine.
//   node tools/infra/infra.mjs fetch          resolve the jars from Maven Central into .cache/infra/
//   node tools/infra/infra.mjs start          start both on free loopback ports; prints the env to export
//   node tools/infra/infra.mjs stop           stop what `start` started (by recorded pid, never by name)
//   node tools/infra/infra.mjs start-sasl-ssl a broker whose only client listener is SASL_SSL (HCV_INFRA_CERTS, HCV_INFRA_SCRAM_USERS)
//   node tools/infra/infra.mjs status         report the recorded pids and whether they answer
//   node tools/infra/infra.mjs restart-kafka  stop the recorded broker and start it again on its data dir
//   node tools/infra/infra.mjs restart-mongo  the same for the Mongo-wire server (keeps data only if started with persist)
//   node tools/infra/infra.mjs kill-kafka|kill-mongo|kill-all   SIGKILL the recorded server(s), data dirs kept
// startSecureKafka starts a broker whose only client listener is SASL_SSL (SCRAM-SHA-512 over TLS,
// certificates from tools/certs/dev-certs.sh), for the spec that proves the services' Kafka settings.
// `start` honours HCV_INFRA_PERSIST_MONGO=1 (H2 file backend), HCV_INFRA_MONGO_HEAP (default 1g) and HCV_INFRA_BROKER_SESSION_TIMEOUT_MS
// (see kafkaProperties); the fault tests drive these commands with their own HCV_INFRA_STATE file.
// The state file is .cache/infra/state.json (HCV_INFRA_STATE=<path> to use another one); the jest
// global setup records its pairs (one per worker) in .cache/infra/jest-<pid>.json and
// jest-<pid>-w<n>.json, which `stop` also takes
// (HCV_INFRA_STATE=.cache/infra/jest-<pid>.json node tools/infra/infra.mjs stop) should jest be killed.
// Also a library: the jest global setup imports startAll/stopAll; fault tests (tests/faults) start their
// own pair with startAll({ persistMongo: true, brokerSessionTimeoutMs }) and use killKafka/restartKafka,
// killMongo/restartMongo.
// Only loopback addresses, data under os.tmpdir(); plain ESM, no dependencies besides kafkajs and
// mongodb (the driver mongoose ships) from the repository's node_modules.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const KAFKA_VERSION = '4.1.1'; // must match tools/infra/kafka/pom.xml
export const MONGO_JAVA_SERVER_VERSION = '1.47.0'; // must match tools/infra/mongo/pom.xml

const HOST = '127.0.0.1';
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const cache = join(root, '.cache', 'infra');
export const statePath = process.env.HCV_INFRA_STATE || join(cache, 'state.json');
export const kafkaJars = join(cache, `kafka-${KAFKA_VERSION}`);
// '-h2': the set now includes the H2 file backend (a cache made before it is fetched again).
export const mongoJars = join(cache, `mongo-${MONGO_JAVA_SERVER_VERSION}-h2`);
const require = createRequire(join(root, 'package.json'));

const log = (msg) => process.stderr.write(`[infra] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1);
const hasJars = (dir) => existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.jar'));
const classpath = (dir) => `${dir}/*`;

export const jarsPresent = () => hasJars(kafkaJars) && hasJars(mongoJars);

/** Resolves the jars with their dependencies (mvn dependency:copy-dependencies), once per version. */
export function fetchJars() {
  for (const [pomDir, out] of [
    [join(here, 'kafka'), kafkaJars],
    [join(here, 'mongo'), mongoJars],
  ]) {
    if (hasJars(out)) continue;
    const started = Date.now();
    log(`fetching ${out.split('/').pop()} from Maven Central`);
    execFileSync('mvn', ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${out}`], {
      cwd: pomDir,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (!hasJars(out)) throw new Error(`mvn put no jars into ${out}`);
    log(`fetched ${out.split('/').pop()} in ${seconds(started)}s`);
  }
}

/** A free TCP port on loopback (bind to port 0, read it, close). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether the pid exists and is not a zombie (an exited child its new parent has not reaped yet). */
export function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error.code === 'EPERM';
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc (not Linux)
  }
}

/**
 * Guards against pid reuse: on Linux the process must still be the one we started (its command line
 * contains `marker`, e.g. the data dir). Elsewhere, or without a marker, the pid alone is trusted.
 */
function isOurs(pid, marker) {
  if (!isAlive(pid)) return false;
  if (!marker) return true;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return !existsSync('/proc/self/cmdline');
  }
}

/** Sends one signal to one recorded pid (if it is still ours). Returns whether a signal was sent. */
export function kill(pid, signal = 'SIGTERM', marker) {
  if (!isOurs(pid, marker)) return false;
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Sends `signal` to one pid; unless that was SIGKILL, escalates to SIGKILL after `graceMs`. Resolves when it is gone. */
export async function stopPid(pid, { signal = 'SIGTERM', graceMs = 10_000, marker } = {}) {
  if (!kill(pid, signal, marker)) return;
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) {
    log(`pid ${pid} still alive ${graceMs / 1000}s after ${signal}; SIGKILL`);
    kill(pid, 'SIGKILL');
    const killDeadline = Date.now() + 10_000;
    while (isAlive(pid) && Date.now() < killDeadline) await sleep(50);
    if (isAlive(pid)) throw new Error(`pid ${pid} survived SIGKILL for 10s`);
  }
}

/**
 * `brokerSessionTimeoutMs`: how long the controller waits for a silent broker before fencing it. After
 * a SIGKILL the restarted node (broker and controller in one process) cannot register again until
 * the dead incarnation's session has expired (default 9 s, ≈13 s per restart in all). Fault tests
 * lower it; on loopback the heartbeat (a quarter of it) never travels further than the process itself.
 */
function kafkaProperties({ port, controllerPort, dataDir, brokerSessionTimeoutMs, sasl }) {
  const client = sasl ? 'SASL_SSL' : 'PLAINTEXT';
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${HOST}:${controllerPort}`,
    `listeners=${client}://${HOST}:${port},CONTROLLER://${HOST}:${controllerPort}`,
    `advertised.listeners=${client}://${HOST}:${port}`,
    'controller.listener.names=CONTROLLER',
    `listener.security.protocol.map=CONTROLLER:PLAINTEXT,${client}:${client}`,
    `inter.broker.listener.name=${client}`,
    ...(sasl ? saslSslProperties(sasl) : []),
    `log.dirs=${join(dataDir, 'logs')}`,
    'num.partitions=3',
    'auto.create.topics.enable=true',
    'offsets.topic.replication.factor=1',
    `offsets.topic.num.partitions=${OFFSETS_TOPIC_PARTITIONS}`,
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    ...(brokerSessionTimeoutMs
      ? [
          `broker.session.timeout.ms=${brokerSessionTimeoutMs}`,
          `broker.heartbeat.interval.ms=${Math.max(100, Math.floor(brokerSessionTimeoutMs / 4))}`,
        ]
      : []),
    '',
  ].join('\n');
}

/**
 * The SASL_SSL listener (the settings docker-compose.yml's broker uses, deploy/kafka/start-kafka.sh):
 * TLS from PEM files (the key PKCS#8), SCRAM-SHA-512 only, the broker authenticating to itself as the
 * admin user. `sasl`: { certsDir, adminUser, adminPassword }; the users are created by formatKafka.
 */
function saslSslProperties({ certsDir, adminUser, adminPassword }) {
  return [
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
    `listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${adminUser}" password="${adminPassword}";`,
    'ssl.keystore.type=PEM',
    `ssl.keystore.location=${join(certsDir, 'kafka.pem')}`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${join(certsDir, 'ca.crt')}`,
    'ssl.client.auth=none',
    'ssl.enabled.protocols=TLSv1.3,TLSv1.2',
  ];
}

const log4j2Properties = (dataDir) =>
  [
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

/**
 * Writes server.properties and the log4j2 config into `dataDir`, and formats the KRaft storage if it
 * is not formatted yet (idempotent: a restart on the same data dir keeps its cluster id and topics).
 */
export function formatKafka({ port, controllerPort, dataDir, brokerSessionTimeoutMs, sasl, scramUsers = {} }) {
  mkdirSync(dataDir, { recursive: true });
  const props = join(dataDir, 'server.properties');
  writeFileSync(props, kafkaProperties({ port, controllerPort, dataDir, brokerSessionTimeoutMs, sasl }));
  writeFileSync(join(dataDir, 'log4j2.properties'), log4j2Properties(dataDir));
  if (existsSync(join(dataDir, 'logs', 'meta.properties'))) return props;
  // 22 characters, no padding; never with a leading '-', which the tool's argument parser takes for an
  // option (Kafka's own Uuid.randomUuid() avoids it for the same reason).
  let clusterId;
  do clusterId = randomBytes(16).toString('base64url');
  while (clusterId.startsWith('-'));
  execFileSync(
    'java',
    [
      '-cp',
      classpath(kafkaJars),
      `-Dlog4j2.configurationFile=${join(dataDir, 'log4j2.properties')}`,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      props,
      // SCRAM users exist from the first start on (KRaft keeps them in the metadata log).
      ...Object.entries(scramUsers).flatMap(([name, password]) => ['--add-scram', `SCRAM-SHA-512=[name=${name},password=${password}]`]),
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return props;
}

/** Spawns a detached java process with stdout/stderr appended to `outFile`; returns its pid. */
function spawnJava(args, outFile) {
  const out = openSync(outFile, 'a');
  try {
    const child = spawn('java', args, { detached: true, stdio: ['ignore', out, out] });
    child.on('error', (error) => log(`java: ${error.message}`));
    child.unref();
    if (!child.pid) throw new Error('could not start java (is it on PATH?)');
    return child.pid;
  } finally {
    closeSync(out);
  }
}

/** Starts (or restarts, on the same data dir and ports) the broker; resolves with its pid once it answers. */
export async function startKafka({ port, controllerPort, dataDir, brokerSessionTimeoutMs, sasl, scramUsers, client, timeoutMs = 90_000 }) {
  const started = Date.now();
  const props = formatKafka({ port, controllerPort, dataDir, brokerSessionTimeoutMs, sasl, scramUsers });
  const pid = spawnJava(
    [
      '-Xms256m',
      '-Xmx768m',
      '-XX:+UseG1GC',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${join(dataDir, 'log4j2.properties')}`,
      '-cp',
      classpath(kafkaJars),
      'kafka.Kafka',
      props,
    ],
    join(dataDir, 'kafka.out'),
  );
  try {
    await waitForKafka(`${HOST}:${port}`, { timeoutMs, pid, dataDir, client });
  } catch (error) {
    await stopPid(pid, { graceMs: 5_000 });
    throw error;
  }
  log(`kafka ${KAFKA_VERSION}${sasl ? ' (SASL_SSL)' : ''} ready on ${HOST}:${port} in ${seconds(started)}s (pid ${pid})`);
  return pid;
}

/**
 * A broker whose client listener is SASL_SSL only, on free loopback ports with a fresh data dir:
 * `certsDir` holds ca.crt and kafka.pem (tools/certs/dev-certs.sh), `users` the SCRAM-SHA-512 users
 * ({ name: password }; the first is the broker's own). Resolves with
 * { broker, pid, dataDir, stop() } once an authenticated client is answered.
 */
export async function startSecureKafka({ certsDir, users, timeoutMs }) {
  if (!jarsPresent()) fetchJars();
  const [adminUser, adminPassword] = Object.entries(users)[0];
  const dataDir = mkdtempSync(join(tmpdir(), 'hcv-kafka-sasl-'));
  const port = await freePort();
  const controllerPort = await freePort();
  const client = {
    ssl: { ca: [readFileSync(join(certsDir, 'ca.crt'), 'utf8')] },
    sasl: { mechanism: 'scram-sha-512', username: adminUser, password: adminPassword },
  };
  const pid = await startKafka({
    port,
    controllerPort,
    dataDir,
    sasl: { certsDir, adminUser, adminPassword },
    scramUsers: users,
    client,
    timeoutMs,
  }).catch((error) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const state = {
    kafkaBrokers: `${HOST}:${port}`,
    pids: { kafka: pid },
    dataDir,
    kafka: { port, controllerPort, dataDir },
  };
  return {
    broker: state.kafkaBrokers,
    pid,
    dataDir,
    state,
    stop: async () => {
      await stopPid(pid, { marker: dataDir });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const OFFSETS_TOPIC_PARTITIONS = 10; // offsets.topic.num.partitions above
/** One group id per __consumer_offsets partition (the broker maps a group by Java's String.hashCode). */
const PROBE_GROUPS = (() => {
  const javaHash = (s) => [...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 0);
  const byPartition = new Map();
  for (let i = 0; byPartition.size < OFFSETS_TOPIC_PARTITIONS; i++) {
    const id = `infra-probe-${i}`;
    const hash = javaHash(id);
    const partition = (hash === -2147483648 ? 0 : Math.abs(hash)) % OFFSETS_TOPIC_PARTITIONS; // Kafka's Utils.abs
    if (!byPartition.has(partition)) byPartition.set(partition, id);
  }
  return [...byPartition.values()];
})();

/**
 * Waits until the broker answers an admin connect + listTopics, lists itself as registered, has its
 * group coordinator loaded and hands out producer ids (retrying until the deadline).
 */
export async function waitForKafka(broker, { timeoutMs = 90_000, pid, dataDir, client = {} } = {}) {
  const { Kafka, logLevel } = require('kafkajs');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (pid && !isAlive(pid))
      throw new Error(`kafka (pid ${pid}) exited during start-up; see ${dataDir ? join(dataDir, 'kafka.out') : 'its kafka.out'}`);
    const kafka = new Kafka({
      clientId: 'infra-probe',
      brokers: [broker],
      ...client,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 2_000,
      retry: { retries: 0 },
    });
    const admin = kafka.admin();
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 300 },
    });
    try {
      await admin.connect();
      await admin.listTopics();
      // The broker is registered with the controller (unfenced) once it lists itself in the metadata.
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length === 0 || cluster.controller == null) throw new Error('not registered yet');
      // Creates __consumer_offsets and waits until every partition of it is loaded, so that the first
      // consumer group join of a test does not meet COORDINATOR_LOAD_IN_PROGRESS (also after a restart).
      await admin.describeGroups(PROBE_GROUPS);
      // Likewise the producer id manager: an idempotent producer's InitProducerId answers
      // COORDINATOR_LOAD_IN_PROGRESS until the broker holds its first block of producer ids.
      await producer.connect();
      await producer.disconnect();
      await admin.disconnect();
      return;
    } catch {
      await producer.disconnect().catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`kafka on ${broker} did not answer within ${timeoutMs / 1000}s`);
      await sleep(500);
    }
  }
}

/**
 * Starts the Mongo-wire server; resolves with its pid once it printed READY and answers a ping.
 * `persist`: the H2 file backend in `dataDir` (data survives a kill and restart on the same dir)
 * instead of the memory backend.
 */
/** The test database server's heap: HCV_INFRA_MONGO_HEAP (a JVM size such as 4g), else 1g. */
function mongoHeap() {
  const heap = process.env.HCV_INFRA_MONGO_HEAP ?? '1g';
  if (!/^\d+[mg]$/i.test(heap)) throw new Error(`HCV_INFRA_MONGO_HEAP must be a JVM size such as 4g, not ${heap}`);
  return heap;
}

export async function startMongo({ port, dataDir, persist = false, timeoutMs = 60_000 }) {
  const started = Date.now();
  dataDir ??= mkdtempSync(join(tmpdir(), 'hcv-mongo-'));
  mkdirSync(dataDir, { recursive: true });
  const outFile = join(dataDir, 'mongo.out');
  // READY is looked for in what this start appended, not in an earlier start's lines.
  const from = existsSync(outFile) ? readFileSync(outFile).length : 0;
  const pid = spawnJava(
    [
      // The memory backend keeps every document in this heap: a 20,000-verification backlog filled
      // 1 GB (full GCs back to back, client heartbeats timing out). Big benches ask for more.
      `-Xmx${mongoHeap()}`,
      '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
      '-cp',
      classpath(mongoJars),
      join(here, 'MongoWireServer.java'),
      String(port),
      ...(persist ? ['--persist', join(dataDir, 'mongo.mv.db')] : []),
    ],
    outFile,
  );
  try {
    await waitForMongo(port, { timeoutMs, pid, outFile, from });
  } catch (error) {
    await stopPid(pid, { graceMs: 5_000 });
    throw error;
  }
  log(
    `mongo-java-server ${MONGO_JAVA_SERVER_VERSION} (${persist ? 'H2 file' : 'memory'} backend) ready on ${HOST}:${port} in ${seconds(started)}s (pid ${pid})`,
  );
  return pid;
}

async function waitForMongo(port, { timeoutMs, pid, outFile, from = 0 }) {
  const { MongoClient } = require('mongodb');
  const deadline = Date.now() + timeoutMs;
  const ready = () => existsSync(outFile) && readFileSync(outFile).subarray(from).toString('utf8').includes(`READY ${port}`);
  let lastError;
  for (;;) {
    if (!isAlive(pid)) throw new Error(`mongo-java-server (pid ${pid}) exited during start-up; see ${outFile}`);
    if (ready() && (await tcpOpen(port))) {
      const client = new MongoClient(`mongodb://${HOST}:${port}`, { serverSelectionTimeoutMS: 2_000, directConnection: true });
      try {
        await client.connect();
        // mongo-java-server has no 'hello' command (the driver's handshake falls back to isMaster).
        await client.db('admin').command({ ping: 1 });
        return;
      } catch (error) {
        // not yet, or refused by the driver (a wire version it does not support): kept for the message
        lastError = error;
      } finally {
        await client.close().catch(() => undefined);
      }
    }
    if (Date.now() > deadline) {
      const cause = lastError ? ` (last error: ${lastError.message})` : '';
      throw new Error(`mongo-java-server on ${HOST}:${port} did not answer within ${timeoutMs / 1000}s${cause}; see ${outFile}`);
    }
    await sleep(200);
  }
}

function tcpOpen(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: HOST, port });
    socket.setTimeout(2_000, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Checks that both recorded servers answer (used by `status`). */
export async function probe(state) {
  const result = { kafka: false, mongo: false };
  try {
    await waitForKafka(state.kafkaBrokers, { timeoutMs: 0 });
    result.kafka = true;
  } catch {
    // down
  }
  try {
    await waitForMongo(state.mongo.port, { timeoutMs: 0, pid: state.pids.mongo, outFile: join(state.mongo.dataDir, 'mongo.out') });
    result.mongo = true;
  } catch {
    // down
  }
  return result;
}

// What the command line of each recorded process must contain (see isOurs).
const kafkaMarker = (state) => state.kafka?.dataDir;
const mongoMarker = (state) => state.mongo && `MongoWireServer.java\0${state.mongo.port}\0`;

/**
 * Starts both servers (in parallel) on free loopback ports with a fresh data dir under os.tmpdir(),
 * and records them in `stateFile` (default .cache/infra/state.json or $HCV_INFRA_STATE; null: none).
 * The caller owns the returned state: { kafkaBrokers, mongoUrl, pids, dataDir, kafka, mongo, stateFile }.
 */
export async function startAll({
  kafkaPort,
  controllerPort,
  mongoPort,
  stateFile = statePath,
  persistMongo = false,
  brokerSessionTimeoutMs,
} = {}) {
  if (!jarsPresent()) fetchJars();
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'hcv-infra-'));
  kafkaPort ??= await freePort();
  controllerPort ??= await freePort();
  mongoPort ??= await freePort();
  const state = {
    kafkaBrokers: `${HOST}:${kafkaPort}`,
    mongoUrl: `mongodb://${HOST}:${mongoPort}`,
    pids: {},
    dataDir,
    kafka: {
      port: kafkaPort,
      controllerPort,
      dataDir: join(dataDir, 'kafka'),
      ...(brokerSessionTimeoutMs ? { brokerSessionTimeoutMs } : {}),
    },
    mongo: { port: mongoPort, dataDir: join(dataDir, 'mongo'), persist: persistMongo },
    stateFile: stateFile ?? undefined,
  };
  const results = await Promise.allSettled([
    startKafka(state.kafka).then((pid) => (state.pids.kafka = pid)),
    startMongo(state.mongo).then((pid) => (state.pids.mongo = pid)),
  ]);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    await stopAll(state);
    throw failed.reason;
  }
  if (state.stateFile) writeState(state, state.stateFile);
  log(`both ready in ${seconds(started)}s (data in ${dataDir})`);
  return state;
}

/** Signals the recorded broker (SIGKILL by default, for fault tests); keeps its data dir for restartKafka. */
export async function killKafka(state, signal = 'SIGKILL') {
  await stopPid(state.pids.kafka, { signal, marker: kafkaMarker(state) });
}

/**
 * Stops the recorded broker if it still runs (SIGTERM, or `signal`), then starts it again on the same
 * ports and data dir (no new format). Updates state.pids.kafka (and its state file) and resolves with
 * the new pid.
 */
export async function restartKafka(state, { signal = 'SIGTERM', timeoutMs } = {}) {
  await killKafka(state, signal);
  state.pids.kafka = await startKafka({ ...state.kafka, timeoutMs });
  if (state.stateFile && readState(state.stateFile)?.dataDir === state.dataDir) writeState(state, state.stateFile);
  return state.pids.kafka;
}

/** Signals the recorded Mongo-wire server (SIGKILL by default); its data dir stays for restartMongo. */
export async function killMongo(state, signal = 'SIGKILL') {
  await stopPid(state.pids.mongo, { signal, marker: mongoMarker(state) });
}

/**
 * Stops the recorded Mongo-wire server if it still runs (SIGTERM, or `signal`), then starts it again
 * on the same port and data dir. Only a server started with persist keeps its data; the memory
 * backend comes back empty. Updates state.pids.mongo (and its state file); resolves with the new pid.
 */
export async function restartMongo(state, { signal = 'SIGTERM', timeoutMs } = {}) {
  await killMongo(state, signal);
  state.pids.mongo = await startMongo({ ...state.mongo, timeoutMs });
  if (state.stateFile && readState(state.stateFile)?.dataDir === state.dataDir) writeState(state, state.stateFile);
  return state.pids.mongo;
}

/** Stops ONLY the recorded pids (SIGTERM, SIGKILL after 10 s), removes the data dir and the state file. */
export async function stopAll(state) {
  await Promise.all([
    stopPid(state.pids?.kafka, { marker: kafkaMarker(state) }),
    stopPid(state.pids?.mongo, { marker: mongoMarker(state) }),
  ]);
  if (state.dataDir && state.dataDir.startsWith(tmpdir())) rmSync(state.dataDir, { recursive: true, force: true });
  if (state.stateFile && readState(state.stateFile)?.dataDir === state.dataDir) rmSync(state.stateFile, { force: true });
}

/** Synchronous last resort (e.g. in a process 'exit' handler): SIGKILL both recorded pids if still ours. */
export function killAllNow(state) {
  kill(state.pids?.kafka, 'SIGKILL', kafkaMarker(state));
  kill(state.pids?.mongo, 'SIGKILL', mongoMarker(state));
}

export function readState(file = statePath) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

export function writeState(state, file = statePath) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(state, null, 2) + '\n');
}

const anyAlive = (state) => isOurs(state.pids?.kafka, kafkaMarker(state)) || isOurs(state.pids?.mongo, mongoMarker(state));
const envLine = (state) => `export KAFKA_BROKERS=${state.kafkaBrokers} MONGO_URL=${state.mongoUrl}\n`;

async function cli(command) {
  switch (command) {
    case 'fetch':
      fetchJars();
      return;
    case 'start': {
      const previous = readState();
      if (previous && anyAlive(previous)) throw new Error(`already running (${statePath}); run stop first`);
      if (previous) {
        log('removing a stale state file (its processes are gone)');
        await stopAll(previous);
      }
      const sessionTimeout = Number(process.env.HCV_INFRA_BROKER_SESSION_TIMEOUT_MS);
      const state = await startAll({
        stateFile: statePath,
        persistMongo: process.env.HCV_INFRA_PERSIST_MONGO === '1',
        ...(sessionTimeout > 0 ? { brokerSessionTimeoutMs: sessionTimeout } : {}),
      });
      process.stdout.write(envLine(state));
      return;
    }
    case 'stop': {
      const state = readState();
      if (!state) return log(`nothing recorded as running (${statePath})`);
      state.stateFile = statePath;
      await stopAll(state);
      rmSync(statePath, { force: true });
      const left = Object.entries(state.pids).filter(([, pid]) => isAlive(pid));
      return log(
        left.length
          ? `still alive: ${left.map(([n, p]) => `${n} ${p}`).join(', ')}`
          : `stopped (pids ${Object.values(state.pids).join(', ')})`,
      );
    }
    case 'status': {
      const state = readState();
      if (!state) {
        log('not running');
        process.exitCode = 3;
        return;
      }
      const answers = await probe(state);
      for (const name of ['kafka', 'mongo']) {
        const pid = state.pids[name];
        log(
          `${name}: pid ${pid} ${isAlive(pid) ? 'alive' : 'gone'}, ${answers[name] ? 'answers' : 'does not answer'} on ${name === 'kafka' ? state.kafkaBrokers : state.mongoUrl}`,
        );
      }
      process.stdout.write(envLine(state));
      if (!answers.kafka || !answers.mongo) process.exitCode = 1;
      return;
    }
    case 'start-sasl-ssl': {
      // HCV_INFRA_CERTS: the folder of tools/certs/dev-certs.sh; HCV_INFRA_SCRAM_USERS: name=password,… (first: the broker's own).
      const certsDir = process.env.HCV_INFRA_CERTS;
      const users = Object.fromEntries(
        (process.env.HCV_INFRA_SCRAM_USERS ?? '')
          .split(',')
          .filter(Boolean)
          .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
      );
      if (!certsDir || !Object.keys(users).length) throw new Error('start-sasl-ssl needs HCV_INFRA_CERTS and HCV_INFRA_SCRAM_USERS');
      if (readState() && anyAlive(readState())) throw new Error(`already running (${statePath}); run stop first`);
      const { state } = await startSecureKafka({ certsDir, users });
      writeState({ ...state, stateFile: statePath }, statePath);
      process.stdout.write(`export KAFKA_BROKERS=${state.kafkaBrokers}\n`);
      return;
    }
    case 'restart-kafka':
    case 'restart-mongo': {
      const state = readState();
      if (!state) throw new Error(`nothing recorded as running (${statePath})`);
      state.stateFile = statePath;
      await (command === 'restart-kafka' ? restartKafka(state) : restartMongo(state));
      return;
    }
    case 'kill-kafka':
    case 'kill-mongo':
    case 'kill-all': {
      const state = readState();
      if (!state) throw new Error(`nothing recorded as running (${statePath})`);
      if (command === 'kill-all') return killAllNow(state);
      await (command === 'kill-kafka' ? killKafka(state) : killMongo(state));
      return;
    }
    default:
      throw new Error(
        'usage: node tools/infra/infra.mjs fetch|start|start-sasl-ssl|stop|status|restart-kafka|restart-mongo|kill-kafka|kill-mongo|kill-all',
      );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  cli(process.argv[2]).catch((error) => {
    log(error.message);
    process.exit(1);
  });
}
