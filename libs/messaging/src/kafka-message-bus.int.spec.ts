import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { deadLetterTopic, type EventEnvelope } from '@hcv/contracts';
import { createLogger } from '@hcv/observability';
import { sequencedContract, waitFor } from '@hcv/testing';
import { InMemoryProcessedEventLog, on } from './message-bus';
import { KafkaMessageBus } from './kafka-message-bus';
import { stageEvent } from './envelope-codec';

const brokers = () => process.env.KAFKA_BROKERS!.split(',');
const logger = createLogger({ service: 'test', level: 'error' });
/**
 * A consumer's stop waits for its fetch in hand, which the broker holds until a message arrives or
 * the fetch's wait ends (kafkajs' default, the services' own, 5 s): every bus stopped here cost 5 s
 * of waiting. Half a second is enough for what these tests check (nothing here is about the wait).
 */
const FETCH = { maxWaitTimeInMs: 500 };

jest.setTimeout(180_000);

describe('KafkaMessageBus against a real broker', () => {
  const buses: KafkaMessageBus[] = [];
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.stop().catch(() => undefined)));
  });

  function newBus(
    contract: ReturnType<typeof sequencedContract>,
    options: { sessionTimeoutMillis?: number; commitIntervalMillis?: number } = {},
  ) {
    const bus = new KafkaMessageBus({ brokers: brokers(), clientId: 'int-test', logger, contracts: [contract], fetch: FETCH, ...options });
    buses.push(bus);
    return bus;
  }

  it('produces and consumes with the envelope, headers and trace context intact', async () => {
    const contract = sequencedContract(randomUUID().slice(0, 8));
    const received: EventEnvelope[] = [];
    const consumer = newBus(contract);
    consumer.subscribe({
      groupId: `g-${randomUUID()}`,
      processedLog: new InMemoryProcessedEventLog(),
      handlers: [on(contract, async (e) => void received.push(e))],
    });
    await consumer.start();
    const producer = newBus(contract);
    await producer.start();
    const sent = await producer
      .publisher('card-session')
      .publish(contract, { key: 'k', seq: 1 }, { subject: 'k', correlationId: 'corr-42' });
    await waitFor(() => received.length === 1, 30_000, 'one message');
    expect(received[0]).toEqual(sent);
    expect(received[0]!.correlationId).toBe('corr-42');
  });

  it('is ready while the cluster names a leader for each partition of its first topic, and not once that topic is gone', async () => {
    const contract = sequencedContract(randomUUID().slice(0, 8), 3);
    const bus = newBus(contract);
    await bus.start();
    expect(await bus.health()).toEqual({ up: true, detail: `${contract.topic}: 3 partition(s), each with a leader` });
    const admin = new Kafka({ brokers: brokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await admin.deleteTopics({ topics: [contract.topic] });
    } finally {
      await admin.disconnect();
    }
    await waitFor(async () => !(await bus.health()).up, 30_000, 'readiness to turn red');
    expect((await bus.health()).detail).toContain(contract.topic);
  });

  it("publishRawAll: one outbox document's messages published together, in order, among single publishes", async () => {
    const contract = sequencedContract(randomUUID().slice(0, 8), 3);
    const seen: number[] = [];
    const consumer = newBus(contract);
    consumer.subscribe({
      groupId: `g-${randomUUID()}`,
      processedLog: new InMemoryProcessedEventLog(),
      handlers: [on(contract, async (e) => void seen.push(e.data.seq))],
    });
    await consumer.start();
    const producer = newBus(contract);
    await producer.start();
    const raw = (seq: number) => {
      const staged = stageEvent(contract, { key: 'doc', seq }, 'card-session', { subject: 'doc', correlationId: 'c' });
      return { topic: staged.topic, message: staged.message };
    };
    await Promise.all([
      producer.publishRaw(raw(0).topic, raw(0).message),
      producer.publishRawAll([raw(1), raw(2), raw(3)]),
      producer.publishRawAll([raw(4), raw(5)]),
    ]);
    await waitFor(() => seen.length === 6, 30_000, 'six messages');
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('keeps the order of one key across partitions and concurrent consumption', async () => {
    const contract = sequencedContract(randomUUID().slice(0, 8), 6);
    const seen = new Map<string, number[]>();
    const consumer = newBus(contract);
    consumer.subscribe({
      groupId: `g-${randomUUID()}`,
      processedLog: new InMemoryProcessedEventLog(),
      handlers: [
        on(contract, async (e) => {
          // A random pause per message: ordering must come from the partitioning, not from luck.
          await new Promise((r) => setTimeout(r, Math.random() * 3));
          seen.set(e.data.key, [...(seen.get(e.data.key) ?? []), e.data.seq]);
        }),
      ],
    });
    await consumer.start();
    const producer = newBus(contract);
    await producer.start();
    const publisher = producer.publisher('card-session');
    const keys = ['session-a', 'session-b', 'session-c', 'session-d'];
    const perKey = 40;
    await Promise.all(
      keys.map(async (key) => {
        for (let seq = 0; seq < perKey; seq++) await publisher.publish(contract, { key, seq }, { subject: key, correlationId: key });
      }),
    );
    await waitFor(() => keys.every((k) => (seen.get(k)?.length ?? 0) === perKey), 30_000, 'all messages');
    for (const key of keys) expect(seen.get(key)).toEqual(Array.from({ length: perKey }, (_, i) => i));
  });

  it('commits handled offsets on its timer and at stop: the group resumes after the last handled message, in either ordering', async () => {
    const committedEqualsEnds = async (topic: string, groupId: string) => {
      const admin = new Kafka({ brokers: brokers(), logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        const ends = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        // (-1: nothing committed, which for an empty partition is its end, 0.)
        const position = (offset: string) => (offset === '-1' ? '0' : offset);
        const got = committed!.partitions.map((p) => `${p.partition}:${position(p.offset)}`).sort();
        return {
          equal:
            got.join() ===
            ends
              .map((p) => `${p.partition}:${p.offset}`)
              .sort()
              .join(),
          partitionsUsed: ends.filter((p) => p.offset !== '0').length,
        };
      } finally {
        await admin.disconnect();
      }
    };
    for (const ordering of ['partition', 'key'] as const) {
      const contract = sequencedContract(randomUUID().slice(0, 8), 3);
      const producer = newBus(contract);
      await producer.start();
      const publisher = producer.publisher('card-session');
      const publish60 = (from: number) =>
        Promise.all(
          Array.from({ length: 60 }, (_, i) =>
            publisher.publish(contract, { key: `k${i % 7}`, seq: from + i }, { subject: `k${i % 7}`, correlationId: 'c' }),
          ),
        );

      // The timer: with a short interval the group's offsets reach the ends while it runs.
      const timed = `g-${randomUUID()}`;
      const ticking = newBus(contract, { commitIntervalMillis: 100 });
      const seenByTicking: number[] = [];
      ticking.subscribe({
        groupId: timed,
        ordering,
        processedLog: new InMemoryProcessedEventLog(),
        handlers: [on(contract, async (e) => void seenByTicking.push(e.data.seq))],
      });
      await ticking.start();
      await publish60(0);
      await waitFor(() => seenByTicking.length === 60, 30_000, `60 handled (${ordering})`);
      const deadline = Date.now() + 10_000;
      let state = await committedEqualsEnds(contract.topic, timed);
      while (!state.equal && Date.now() < deadline) state = await committedEqualsEnds(contract.topic, timed);
      expect(state).toEqual({ equal: true, partitionsUsed: expect.any(Number) });
      expect(state.partitionsUsed).toBeGreaterThan(1);
      await ticking.stop();

      // The stop: with an interval longer than the test, only the flush at stop can commit.
      const groupId = `g-${randomUUID()}`;
      const received: number[] = [];
      const first = newBus(contract, { commitIntervalMillis: 600_000 });
      first.subscribe({
        groupId,
        ordering,
        processedLog: new InMemoryProcessedEventLog(),
        handlers: [on(contract, async (e) => void received.push(e.data.seq))],
      });
      await first.start();
      await waitFor(() => received.length === 60, 30_000, `all 60 handled by the second group (${ordering})`);
      expect((await committedEqualsEnds(contract.topic, groupId)).equal).toBe(false);
      await first.stop();
      expect((await committedEqualsEnds(contract.topic, groupId)).equal).toBe(true);

      // A new member of the group is given nothing again; a new message reaches it.
      const again: number[] = [];
      const second = newBus(contract);
      second.subscribe({
        groupId,
        ordering,
        processedLog: new InMemoryProcessedEventLog(),
        handlers: [on(contract, async (e) => void again.push(e.data.seq))],
      });
      await second.start();
      await publisher.publish(contract, { key: 'k0', seq: 1000 }, { subject: 'k0', correlationId: 'c' });
      await waitFor(() => again.includes(1000), 30_000, `the new message (${ordering})`);
      expect(again).toEqual([1000]);
    }
  });

  it('stop() waits for the handler in hand to finish and commits it; the next member is given only what came after', async () => {
    const contract = sequencedContract(randomUUID().slice(0, 8));
    const groupId = `g-${randomUUID()}`;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const started: number[] = [];
    const finished: number[] = [];
    const consumer = newBus(contract, { commitIntervalMillis: 600_000 });
    consumer.subscribe({
      groupId,
      processedLog: new InMemoryProcessedEventLog(),
      handlers: [
        on(contract, async (e) => {
          started.push(e.data.seq);
          await gate;
          finished.push(e.data.seq);
        }),
      ],
    });
    await consumer.start();
    const producer = newBus(contract);
    await producer.start();
    const publisher = producer.publisher('card-session');
    await publisher.publish(contract, { key: 'k', seq: 1 }, { subject: 'k', correlationId: 'c' });
    await waitFor(() => started.length === 1, 30_000, 'the handler to start');
    let stopped = false;
    const stopping = consumer.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(stopped).toBe(false); // the handler is still in hand
    release();
    await stopping;
    expect(finished).toEqual([1]);
    const again: number[] = [];
    const next = newBus(contract);
    next.subscribe({
      groupId,
      processedLog: new InMemoryProcessedEventLog(),
      handlers: [on(contract, async (e) => void again.push(e.data.seq))],
    });
    await next.start();
    await publisher.publish(contract, { key: 'k', seq: 2 }, { subject: 'k', correlationId: 'c' });
    await waitFor(() => again.includes(2), 30_000, 'the next message');
    expect(again).toEqual([2]);
  });

  it('redelivers a message whose consumer crashed before committing', async () => {
    const script = join(__dirname, '../../../dist/libs/testing/src/fixtures/crash-consumer.js');
    if (!existsSync(script)) throw new Error(`missing ${script}: run \`npm run build\` first (npm test does)`);
    const runId = randomUUID().slice(0, 8);
    const contract = sequencedContract(runId);
    const groupId = `g-crash-${runId}`;
    const child = spawn(process.execPath, [script, brokers().join(','), runId, groupId], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    try {
      await waitFor(() => output.includes('READY'), 60_000, 'the crash consumer to join');
      const producer = newBus(contract);
      await producer.start();
      const sent = await producer.publisher('card-session').publish(contract, { key: 'k', seq: 7 }, { subject: 'k', correlationId: 'c' });
      await waitFor(() => output.includes(`RECEIVED ${sent.id}`), 60_000, 'the first delivery');
    } finally {
      child.kill('SIGKILL'); // mid-handling: nothing was committed
    }
    const redelivered: EventEnvelope[] = [];
    const survivor = newBus(contract, { sessionTimeoutMillis: 6_000 });
    survivor.subscribe({
      groupId,
      processedLog: new InMemoryProcessedEventLog(),
      handlers: [on(contract, async (e) => void redelivered.push(e))],
    });
    await survivor.start();
    await waitFor(() => redelivered.length === 1, 90_000, 'the redelivery');
    expect(redelivered[0]!.data).toEqual({ key: 'k', seq: 7 });
  });

  it('starts a consumer again when kafkajs gives up on it (an error it takes for unrecoverable), and the message is handled', async () => {
    const contract = sequencedContract(randomUUID().slice(0, 8));
    // The processed-event log fails once with a TypeError outside any handler: kafkajs crashes the
    // consumer and does not restart it (it restarts only for errors it takes for retriable).
    class FailingOnceLog extends InMemoryProcessedEventLog {
      failures = 0;
      override async seenMany(groupId: string, eventIds: readonly string[]): Promise<Set<string>> {
        if (this.failures++ === 0) throw new TypeError('a bug outside the handler');
        return super.seenMany(groupId, eventIds);
      }
    }
    const processedLog = new FailingOnceLog();
    const lines: string[] = [];
    const received: EventEnvelope[] = [];
    const bus = new KafkaMessageBus({
      brokers: brokers(),
      clientId: 'int-test',
      logger: createLogger({ service: 'test', level: 'warn', sink: (line) => lines.push(line) }),
      contracts: [contract],
      sessionTimeoutMillis: 6_000,
      fetch: FETCH,
    });
    buses.push(bus);
    bus.subscribe({ groupId: `g-restart-${randomUUID()}`, processedLog, handlers: [on(contract, async (e) => void received.push(e))] });
    await bus.start();
    const producer = newBus(contract);
    await producer.start();
    const sent = await producer.publisher('card-session').publish(contract, { key: 'k', seq: 3 }, { subject: 'k', correlationId: 'c' });
    await waitFor(() => received.length === 1, 90_000, 'the message, handled by the consumer started again');
    expect(received[0]!.id).toBe(sent.id);
    expect(processedLog.failures).toBeGreaterThan(1);
    expect(lines.some((l) => l.includes('consumer stopped for good by kafkajs'))).toBe(true);
    await waitFor(() => lines.some((l) => l.includes('consumer started again')) && bus.alive().up, 30_000, 'liveness up again');
  });

  it('dead-letters a malformed message and an envelope that breaks its contract, with the reason', async () => {
    const contract = sequencedContract(randomUUID().slice(0, 8));
    const handled: EventEnvelope[] = [];
    const consumer = newBus(contract);
    consumer.subscribe({
      groupId: `g-${randomUUID()}`,
      processedLog: new InMemoryProcessedEventLog(),
      handlers: [on(contract, async (e) => void handled.push(e))],
    });
    await consumer.start();
    const producer = newBus(contract);
    await producer.start();
    await producer.publishRaw(contract.topic, { key: 'k', value: '{not json', headers: {} });
    const good = await producer.publisher('audit').publish(contract, { key: 'k', seq: 1 }, { subject: 'k', correlationId: 'c' });
    await producer.publishRaw(contract.topic, {
      key: 'k',
      value: JSON.stringify({ ...good, id: randomUUID(), data: { key: 'k', seq: 'one' } }),
      headers: {},
    });

    const kafka = new Kafka({ clientId: 'dlq-reader', brokers: brokers(), logLevel: logLevel.NOTHING });
    const reader = kafka.consumer({ groupId: `dlq-${randomUUID()}` });
    const reasons: string[] = [];
    await reader.connect();
    await reader.subscribe({ topic: deadLetterTopic(contract.topic), fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void reasons.push(String(message.headers?.['dlq-reason'])) });
    try {
      await waitFor(() => reasons.length === 2 && handled.length === 1, 30_000, 'two dead letters');
    } finally {
      await reader.disconnect();
    }
    expect(reasons[0]).toBe('malformed JSON');
    expect(reasons[1]).toMatch(/^schema: data\.seq/);
    expect(handled.map((e) => e.id)).toEqual([good.id]);
  });
});
