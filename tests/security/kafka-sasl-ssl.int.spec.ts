import { execFile, execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { EventEnvelope } from '@hcv/contracts';
import { InMemoryProcessedEventLog, KafkaMessageBus, on } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { kafkaClientSettingsFromEnv, platformRefusals } from '@hcv/platform-runtime';
import { sequencedContract, waitFor } from '@hcv/testing';

/**
 * The transport the deployments use, once in the tests: a broker whose only client listener is
 * SASL_SSL (SCRAM-SHA-512 over TLS, certificates from tools/certs/dev-certs.sh, as in compose), and
 * the services' own settings (the variables docker-compose.yml and the k8s operators overlay set,
 * parsed by the same code runService uses) producing and consuming through it. A wrong password
 * is refused. The suite's plaintext broker is not involved: this one is started here, on loopback.
 */
jest.setTimeout(120_000);

const ROOT = join(__dirname, '../..');
const INFRA = join(ROOT, 'tools/infra/infra.mjs');
const run = promisify(execFile);
const logger = createLogger({ service: 'test', level: 'error' });

describe('Kafka over SASL_SSL with the services’ client settings', () => {
  let dir: string;
  let broker: string;
  let infraEnv: NodeJS.ProcessEnv;
  /** SIGKILL of the recorded broker should jest stop before afterAll. */
  const killOnExit = () => {
    try {
      execFileSync(process.execPath, [INFRA, 'kill-kafka'], { env: infraEnv, stdio: 'ignore' });
    } catch {
      // nothing recorded: nothing to kill
    }
  };
  const hcvPassword = randomBytes(18).toString('hex');
  const buses: KafkaMessageBus[] = [];

  /** The services' Kafka settings as compose sets them, the password from a mounted file. */
  const serviceEnv = (passwordFile: string): NodeJS.ProcessEnv => ({
    NODE_ENV: 'production',
    KAFKA_BROKERS: broker,
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA_FILE: join(dir, 'ca.crt'),
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: 'hcv',
    KAFKA_SASL_PASSWORD_FILE: passwordFile,
  });

  const busFor = (env: NodeJS.ProcessEnv, contract: ReturnType<typeof sequencedContract>) => {
    const { brokers, security } = kafkaClientSettingsFromEnv(env);
    const bus = new KafkaMessageBus({
      brokers,
      ...(security ? { security } : {}),
      clientId: 'sasl-ssl-test',
      logger,
      contracts: [contract],
    });
    buses.push(bus);
    return bus;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hcv-sasl-ssl-'));
    execFileSync('bash', [join(ROOT, 'tools/certs/dev-certs.sh'), dir], { stdio: 'ignore' });
    // Through infra.mjs's command line with a state file of its own (a jest test cannot import an ES module).
    infraEnv = {
      ...process.env,
      HCV_INFRA_STATE: join(dir, 'state.json'),
      HCV_INFRA_CERTS: dir,
      HCV_INFRA_SCRAM_USERS: `admin=${randomBytes(18).toString('hex')},hcv=${hcvPassword}`,
    };
    process.once('exit', killOnExit);
    await run(process.execPath, [INFRA, 'start-sasl-ssl'], { env: infraEnv, timeout: 100_000 });
    broker = (JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { kafkaBrokers: string }).kafkaBrokers;
  });

  afterAll(async () => {
    await Promise.all(buses.splice(0).map((b) => b.stop().catch(() => undefined)));
    // A throwaway broker: SIGKILL, then stop removes its data dir and state file.
    if (infraEnv) {
      await run(process.execPath, [INFRA, 'kill-kafka'], { env: infraEnv, timeout: 30_000 });
      await run(process.execPath, [INFRA, 'stop'], { env: infraEnv, timeout: 30_000 });
    }
    process.removeListener('exit', killOnExit);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('produces and consumes through the SASL_SSL listener, and the production check finds nothing to refuse about Kafka', async () => {
    const passwordFile = join(dir, 'hcv.password');
    writeFileSync(passwordFile, `${hcvPassword}\n`);
    const env = serviceEnv(passwordFile);
    expect(platformRefusals(env).filter((r) => r.startsWith('Kafka'))).toEqual([]);
    expect(kafkaClientSettingsFromEnv(env).security).toEqual({
      ssl: true,
      caFile: join(dir, 'ca.crt'),
      sasl: { mechanism: 'scram-sha-512', username: 'hcv', password: hcvPassword },
    });

    const contract = sequencedContract(randomUUID().slice(0, 8));
    const received: EventEnvelope[] = [];
    const consumer = busFor(env, contract);
    consumer.subscribe({
      groupId: `g-${randomUUID()}`,
      processedLog: new InMemoryProcessedEventLog(),
      handlers: [on(contract, async (e) => void received.push(e))],
    });
    await consumer.start();
    const producer = busFor(env, contract);
    await producer.start();
    const sent = await producer.publisher('card-session').publish(contract, { key: 'k', seq: 1 }, { subject: 'k', correlationId: 'sasl' });
    await waitFor(() => received.length === 1, 30_000, 'the message over SASL_SSL');
    expect(received[0]).toEqual(sent);
  });

  it('refuses the same settings with a wrong password', async () => {
    const passwordFile = join(dir, 'wrong.password');
    writeFileSync(passwordFile, 'not-the-password');
    const bus = busFor(serviceEnv(passwordFile), sequencedContract(randomUUID().slice(0, 8)));
    await expect(bus.start()).rejects.toThrow(/SASL SCRAM SHA512 authentication failed|Authentication failed/i);
  });
});
