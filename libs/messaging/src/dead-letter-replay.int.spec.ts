import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { deadLetterTopic } from '@hcv/contracts';
import { createLogger } from '@hcv/observability';
import { sequencedContract, waitFor } from '@hcv/testing';
import { replayDeadLetters, type DeadLetterReplayReport } from './dead-letter-replay';
import { KafkaMessageBus } from './kafka-message-bus';
import { InMemoryProcessedEventLog, on } from './message-bus';

/**
 * Retry topic, dead letters and the replay CLI against the real broker: a handler bug sends an
 * event through a retry round to the DLQ with its reason, poison messages go there at once; after
 * the fix, `npm run dlq:replay` hands them back to the group that failed them, and the event is
 * handled exactly once (and never again by a second replay, nor by another group).
 */
jest.setTimeout(240_000);

const brokers = () => process.env.KAFKA_BROKERS!.split(',');
const logger = createLogger({ service: 'test', level: 'error' });
const cli = join(__dirname, '../../../dist/apps/dlq-replay/src/main.js');

function runCli(args: string[]): Promise<{ code: number | null; report: DeadLetterReplayReport | null; stderr: string }> {
  if (!existsSync(cli)) throw new Error(`missing ${cli}: run \`npm run build\` first (npm test does)`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { ...process.env, KAFKA_BROKERS: brokers().join(',') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, report: code === 0 ? (JSON.parse(out) as DeadLetterReplayReport) : null, stderr: err }));
  });
}

describe('dead letters and their replay against a real broker', () => {
  const run = randomUUID().slice(0, 8);
  const contract = sequencedContract(`replay-${run}`);
  const group = `g-replay-${run}`;
  let fixed = false;
  let failures = 0;
  const handled: string[] = [];
  const handledAt = new Map<string, number>();
  const otherGroup: string[] = [];
  const dead: { group: string; reason: string; at: number }[] = [];
  const deadFor = (g: string) => dead.filter((d) => d.group === g).map((d) => d.reason);
  const buses: KafkaMessageBus[] = [];
  const kafka = new Kafka({ clientId: 'dlq-reader', brokers: brokers(), logLevel: logLevel.NOTHING });
  const reader = kafka.consumer({ groupId: `dlq-reader-${run}` });

  beforeAll(async () => {
    const consumer = new KafkaMessageBus({
      brokers: brokers(),
      clientId: 'replay-int',
      logger,
      contracts: [contract],
      sessionTimeoutMillis: 6_000,
      delivery: { maxAttempts: 2, backoffMillis: 10, retryDelaysMillis: [3_000] },
    });
    consumer.subscribe({
      groupId: group,
      processedLog: new InMemoryProcessedEventLog(),
      handlers: [
        on(contract, async (e) => {
          if (!fixed && e.data.seq === 1) {
            failures++;
            throw new Error(`handler bug: no rule for seq ${e.data.seq}`);
          }
          handled.push(e.id);
          handledAt.set(e.id, Date.now());
        }),
      ],
    });
    consumer.subscribe({
      groupId: `${group}-other`,
      processedLog: new InMemoryProcessedEventLog(),
      handlers: [on(contract, async (e) => void otherGroup.push(e.id))],
    });
    buses.push(consumer);
    await consumer.start();
    await reader.connect();
    await reader.subscribe({ topic: deadLetterTopic(contract.topic), fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) =>
        void dead.push({ group: String(message.headers?.['dlq-group']), reason: String(message.headers?.['dlq-reason']), at: Date.now() }),
    });
  });
  afterAll(async () => {
    await reader.disconnect();
    await Promise.all(buses.map((b) => b.stop()));
  });

  it('dead-letters a handler bug after a retry round and poison at once; the CLI replays them after the fix, handled exactly once', async () => {
    const producer = new KafkaMessageBus({ brokers: brokers(), clientId: 'replay-producer', logger, contracts: [contract] });
    buses.push(producer);
    await producer.start();
    const sent = await producer.publisher('audit').publish(contract, { key: 'k', seq: 1 }, { subject: 'k', correlationId: 'c-replay' });
    await producer.publishRaw(contract.topic, { key: 'k', value: '{not json', headers: {} });
    await producer.publishRaw(contract.topic, { key: 'k', value: JSON.stringify({ ...sent, id: randomUUID(), version: 9 }), headers: {} });
    // While seq 1 waits out its retry delay, the group goes on with the rest of the stream.
    const later = await producer
      .publisher('audit')
      .publish(contract, { key: 'other-key', seq: 2 }, { subject: 'other-key', correlationId: 'c-replay' });

    await waitFor(() => deadFor(group).length === 3, 90_000, 'three dead letters of the failing group');
    expect(deadFor(group)).toEqual(
      expect.arrayContaining([
        'malformed JSON',
        expect.stringMatching(/^schema: version/),
        'handler failed 2 times (and in 1 retry round): handler bug: no rule for seq 1',
      ]),
    );
    // Each group dead-letters poison itself (the other group has no handler bug: only the two poison ones).
    await waitFor(() => deadFor(`${group}-other`).length === 2, 30_000, "the other group's two dead letters");
    expect(failures).toBe(4); // 2 in place + 2 in the retry round
    const bugLetter = dead.find((d) => d.group === group && /handler bug/.test(d.reason))!;
    expect(handledAt.get(later.id)).toBeLessThan(bugLetter.at);
    await waitFor(() => otherGroup.length === 2, 30_000, 'the other group to handle both events');
    expect([...otherGroup].sort()).toEqual([sent.id, later.id].sort()); // never held up, never sent a retry

    // A dry run lists, with reasons and no bodies, and commits nothing.
    const dry = await replayDeadLetters({ brokers: brokers(), topic: contract.topic, group, dryRun: true, timeoutMillis: 60_000 });
    expect(dry.entries.filter((e) => e.action === 'would-replay')).toHaveLength(3);
    expect(dry.entries.filter((e) => e.action === 'skipped-other-group')).toHaveLength(2);
    expect(dry.entries.find((e) => e.eventId === sent.id)?.reason).toMatch(/handler bug/);
    expect(JSON.stringify(dry)).not.toContain('"data"');

    fixed = true; // the fix is deployed
    const first = await runCli(['--topic', contract.topic, '--group', group]);
    expect({ code: first.code, stderr: first.code === 0 ? '' : first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(first.report).toMatchObject({ replayed: 3, skipped: 2, dryRun: false });
    await waitFor(() => handled.length === 2, 60_000, 'the replayed event to be handled');
    expect(handled).toEqual([later.id, sent.id]);
    // The two poison messages are still poison: back on the DLQ, with their reasons.
    await waitFor(() => deadFor(group).length === 5, 60_000, 'the poison dead-lettered again');

    // A second replay starts where the first stopped: only the two new dead letters.
    const second = await runCli(['--topic', `${contract.topic}.dlq`, '--group', group]);
    expect(second.report).toMatchObject({ replayed: 2 });
    await waitFor(() => deadFor(group).length === 7, 60_000, 'the poison dead-lettered a third time');
    expect(deadFor(`${group}-other`)).toHaveLength(2); // replays went to the failing group only
    await new Promise((r) => setTimeout(r, 2_000)); // a duplicate handling would show up here
    expect(handled).toEqual([later.id, sent.id]);
    expect([...otherGroup].sort()).toEqual([sent.id, later.id].sort());

    // Nothing left to replay for this group.
    const done = await replayDeadLetters({ brokers: brokers(), topic: contract.topic, group, dryRun: true, timeoutMillis: 60_000 });
    expect(done.entries.filter((e) => e.action === 'would-replay')).toHaveLength(2);
  });

  it('the CLI refuses to run without a topic (usage, exit 2)', async () => {
    const { code, stderr } = await runCli(['--group', group]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--topic is required/);
  });
});
