import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { ROOT } from './manifests';
import { temporaryFolder } from '@hcv/testing';

/**
 * The topic script of the k8s Job and the compose kafka-topics service, run against the test
 * broker with Kafka's own kafka-topics tool (the class the apache/kafka image's
 * kafka-topics.sh runs), on topics of its own: creates, leaves alone, grows only when allowed.
 */
const run = promisify(execFile);
const SCRIPT = join(ROOT, 'k8s/base/kafka-topics/create-topics.sh');
const CLI_JARS = join(ROOT, '.cache/infra/kafka-cli-4.1.1');
const prefix = `zz.deploy-${randomUUID().slice(0, 8)}`;
const work = temporaryFolder('topics');
const topicsFile = join(work, 'topics.txt');
let admin: Admin;

function fetchCliJars(): void {
  if (existsSync(CLI_JARS) && readdirSync(CLI_JARS).some((f) => f.startsWith('kafka-tools-'))) return;
  // Same route as tools/infra/infra.mjs takes for the broker jars: Maven Central, once.
  execFileSync('mvn', ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${CLI_JARS}`], {
    cwd: join(__dirname, 'kafka-cli'),
    stdio: 'inherit',
  });
}

const cli = (...options: string[]) =>
  [`java -Xmx256m -Dlog4j2.level=warn -cp ${CLI_JARS}/* org.apache.kafka.tools.TopicCommand`, ...options].join(' ');

async function createTopics(lines: string[], extraEnv: Record<string, string> = {}) {
  writeFileSync(topicsFile, ['# test topics', ...lines, ''].join('\n'));
  return run('bash', [SCRIPT], {
    env: {
      PATH: process.env.PATH,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      KAFKA_TOPICS_FILE: topicsFile,
      KAFKA_TOPICS_BIN: cli(),
      ...extraEnv,
    },
    timeout: 180_000,
  });
}

async function partitions(topic: string): Promise<number> {
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  return topics[0]!.partitions.length;
}

beforeAll(async () => {
  fetchCliJars();
  admin = new Kafka({ clientId: 'create-topics-test', brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
}, 600_000);

afterAll(async () => {
  await admin?.deleteTopics({ topics: [`${prefix}.a.v1`, `${prefix}.a.v1.dlq`] }).catch(() => undefined);
  await admin?.disconnect();
});

describe('create-topics.sh against a real broker', () => {
  it('creates the listed topics with their partition counts, then leaves them alone', async () => {
    const first = await createTopics([`${prefix}.a.v1 3`, `${prefix}.a.v1.dlq 1`]);
    expect(first.stdout).toContain('topics: 2 created, 0 grown, 0 already there');
    expect(await partitions(`${prefix}.a.v1`)).toBe(3);
    expect(await partitions(`${prefix}.a.v1.dlq`)).toBe(1);

    const again = await createTopics([`${prefix}.a.v1 3`, `${prefix}.a.v1.dlq 1`]);
    expect(again.stdout).toContain('topics: 0 created, 0 grown, 2 already there, 0 with fewer');
  }, 300_000);

  it('grows a topic with fewer partitions than listed only when KAFKA_TOPICS_ALLOW_GROW=true', async () => {
    const refused = await createTopics([`${prefix}.a.v1 5`]);
    expect(refused.stderr).toContain(`WARNING ${prefix}.a.v1 has 3 partitions, topics.txt says 5`);
    expect(await partitions(`${prefix}.a.v1`)).toBe(3);

    const grown = await createTopics([`${prefix}.a.v1 5`], { KAFKA_TOPICS_ALLOW_GROW: 'true' });
    expect(grown.stdout).toContain(`grown   ${prefix}.a.v1 3 -> 5 partitions`);
    expect(await partitions(`${prefix}.a.v1`)).toBe(5);
  }, 300_000);

  it('fails when the broker cannot be reached', async () => {
    // Short admin-client timeouts so the tool gives up in seconds rather than its default minute.
    const config = join(work, 'fast-fail.properties');
    writeFileSync(config, 'default.api.timeout.ms=5000\nrequest.timeout.ms=2000\n');
    await expect(
      createTopics([`${prefix}.b.v1 1`], { KAFKA_BROKERS: '127.0.0.1:1', KAFKA_TOPICS_BIN: cli('--command-config', config) }),
    ).rejects.toMatchObject({ code: expect.any(Number) });
  }, 300_000);
});
