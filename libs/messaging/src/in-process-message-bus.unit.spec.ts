import { z } from 'zod';
import { defineEvent, type EventEnvelope, type EventOf } from '@hcv/contracts';
import { createLogger } from '@hcv/observability';
import { sequencedContract } from '@hcv/testing';
import { stageEvent } from './envelope-codec';
import { InProcessMessageBus } from './in-process-message-bus';
import { InMemoryProcessedEventLog, on } from './message-bus';

const logger = createLogger({ service: 'test', level: 'error' });
const fast = { maxAttempts: 3, backoffMillis: 1 };

/** A bus whose only handler always throws `message`, after one event was published and everything settled. */
async function failingForGood(name: string, delivery: ConstructorParameters<typeof InProcessMessageBus>[2], message: string) {
  const contract = sequencedContract(name);
  const bus = new InProcessMessageBus(logger, 2, delivery);
  let calls = 0;
  bus.subscribe({
    groupId: 'g',
    processedLog: new InMemoryProcessedEventLog(),
    handlers: [
      on(contract, async () => {
        calls++;
        throw new Error(message);
      }),
    ],
  });
  await bus.start();
  await bus.publisher('audit').publish(contract, { key: 'k', seq: 1 }, { subject: 'k', correlationId: 'c' });
  await bus.idle();
  return { contract, bus, calls };
}

/** A started bus with one group that keeps every event it handles in `seen`. */
async function collecting(name: string, partitions: number) {
  const contract = sequencedContract(name);
  const bus = new InProcessMessageBus(logger, partitions, fast);
  const seen: EventEnvelope[] = [];
  bus.subscribe({ groupId: 'g', processedLog: new InMemoryProcessedEventLog(), handlers: [on(contract, async (e) => void seen.push(e))] });
  await bus.start();
  return { contract, bus, seen };
}

const outage = () => Object.assign(new Error('connection refused'), { name: 'MongoNetworkError' });

/** A bus with one group handling with `handle`, after one event was published and everything settled. */
async function afterOneEvent(
  name: string,
  partitions: number,
  handle: (e: EventOf<ReturnType<typeof sequencedContract>>) => Promise<void>,
) {
  const contract = sequencedContract(name);
  const bus = new InProcessMessageBus(logger, partitions, fast);
  bus.subscribe({ groupId: 'g', processedLog: new InMemoryProcessedEventLog(), handlers: [on(contract, handle)] });
  await bus.start();
  await bus.publisher('audit').publish(contract, { key: 'k', seq: 1 }, { subject: 'k', correlationId: 'c' });
  await bus.idle();
  return bus;
}

describe('InProcessMessageBus (same delivery pipeline as Kafka)', () => {
  it('delivers in order per key and to every group', async () => {
    const contract = sequencedContract('inproc');
    const bus = new InProcessMessageBus(logger, 4, fast);
    const a: string[] = [];
    const b: number[] = [];
    bus.subscribe({
      groupId: 'a',
      processedLog: new InMemoryProcessedEventLog(),
      handlers: [on(contract, async (e) => void a.push(`${e.data.key}:${e.data.seq}`))],
    });
    bus.subscribe({
      groupId: 'b',
      processedLog: new InMemoryProcessedEventLog(),
      handlers: [on(contract, async (e) => void b.push(e.data.seq))],
    });
    await bus.start();
    const pub = bus.publisher('card-session');
    for (let seq = 0; seq < 20; seq++) {
      await pub.publish(contract, { key: 'x', seq }, { subject: 'x', correlationId: 'c' });
      await pub.publish(contract, { key: 'y', seq }, { subject: 'y', correlationId: 'c' });
    }
    await bus.idle();
    expect(a.filter((s) => s.startsWith('x:'))).toEqual(Array.from({ length: 20 }, (_, i) => `x:${i}`));
    expect(a.filter((s) => s.startsWith('y:'))).toEqual(Array.from({ length: 20 }, (_, i) => `y:${i}`));
    expect(b).toHaveLength(40);
  });

  it('retries a failing handler, then dead-letters it with the reason', async () => {
    const { contract, bus, calls } = await failingForGood('inproc-dlq', fast, 'boom');
    expect(calls).toBe(3);
    expect(bus.deadLetters).toHaveLength(1);
    expect(bus.deadLetters[0]!.topic).toBe(`${contract.topic}.dlq`);
    expect(bus.deadLetters[0]!.message.headers['dlq-reason']).toMatch(/handler failed 3 times: boom/);
  });

  it('handles a redelivered event once per group (processed-event log)', async () => {
    const { contract, bus, seen } = await collecting('inproc-dup', 2);
    const sent = await bus.publisher('audit').publish(contract, { key: 'k', seq: 1 }, { subject: 'k', correlationId: 'c' });
    await bus.publishRaw(contract.topic, { key: 'k', value: JSON.stringify(sent), headers: {} });
    await bus.idle();
    expect(seen.map((e) => e.id)).toEqual([sent.id]);
  });

  it('dead-letters an event of an unknown version instead of handling it', async () => {
    const { contract, bus, seen } = await collecting('inproc-version', 2);
    const sent = await bus.publisher('audit').publish(contract, { key: 'k', seq: 1 }, { subject: 'k', correlationId: 'c' });
    await bus.publishRaw(contract.topic, {
      key: 'k',
      value: JSON.stringify({ ...sent, id: '0b9d7a0e-5f55-4c56-8f3e-0c1f2a3b4c5d', version: 2 }),
      headers: {},
    });
    await bus.idle();
    expect(seen).toHaveLength(1);
    expect(bus.deadLetters[0]!.message.headers['dlq-reason']).toMatch(/^schema: version/);
  });
});

describe('an infrastructure outage is not a poison message', () => {
  it('keeps the message (no dead letter) until the database answers again', async () => {
    let calls = 0;
    const handled: number[] = [];
    const bus = await afterOneEvent('inproc-outage', 2, async (e) => {
      calls++;
      if (calls <= 5) throw outage();
      handled.push(e.data.seq);
    });
    expect(handled).toEqual([1]);
    expect(calls).toBe(6);
    expect(bus.deadLetters).toHaveLength(0);
  });

  it('reads a message put back after an outage afresh: what the failed handler changed in its event is gone', async () => {
    const seqs: number[] = [];
    await afterOneEvent('inproc-reread', 1, async (e) => {
      seqs.push(e.data.seq);
      // The only reader takes the decoded event itself; a re-read must not get this change back.
      if (seqs.length <= fast.maxAttempts) {
        (e.data as { seq: number }).seq = 999;
        throw outage();
      }
    });
    // In-place tries share one event (as with Kafka); the read after the outage starts from the message.
    expect(seqs).toEqual([1, 999, 999, 1]);
  });
});

describe('events built in this process (no second parse)', () => {
  it('hands consumers the event as staged, not what its producer changed afterwards, and each group its own', async () => {
    const contract = sequencedContract('inproc-staged');
    const bus = new InProcessMessageBus(logger, 2, fast);
    const seen: Record<string, EventEnvelope[]> = { a: [], b: [] };
    for (const groupId of ['a', 'b']) {
      bus.subscribe({
        groupId,
        processedLog: new InMemoryProcessedEventLog(),
        handlers: [on(contract, async (e) => void seen[groupId]!.push(e))],
      });
    }
    await bus.start();
    const staged = stageEvent(contract, { key: 'k', seq: 1 }, 'audit', { subject: 'k', correlationId: 'c' });
    const asSent = JSON.parse(staged.message.value) as EventEnvelope;
    (staged.envelope.data as { seq: number }).seq = 999;
    await bus.publishRaw(staged.topic, staged.message);
    // The same text again (an outbox re-send): parsed as usual, and deduplicated per group.
    await bus.publishRaw(staged.topic, staged.message);
    await bus.idle();
    expect(seen.a).toEqual([asSent]);
    expect(seen.b).toEqual([asSent]);
    expect(seen.a[0]).not.toBe(seen.b[0]);
  });

  it('hands consumers the event as staged, not what its producer did to its data or its envelope afterwards (nested objects too)', async () => {
    const contract = defineEvent({
      type: 'inproc-nested.changed',
      version: 1,
      data: z.object({ key: z.string(), step: z.object({ seq: z.number(), notes: z.array(z.object({ text: z.string() })) }) }),
    });
    const bus = new InProcessMessageBus(logger, 2, fast);
    const seen: EventEnvelope[] = [];
    bus.subscribe({
      groupId: 'g',
      processedLog: new InMemoryProcessedEventLog(),
      handlers: [on(contract, async (e) => void seen.push(e))],
    });
    await bus.start();
    const data = { key: 'k', step: { seq: 1, notes: [{ text: 'a' }] } };
    const staged = stageEvent(contract, data, 'audit', { subject: 'k', correlationId: 'c' });
    const asSent = JSON.parse(staged.message.value) as EventEnvelope;
    data.step.seq = 999;
    data.step.notes[0]!.text = 'changed';
    expect(staged.envelope.data).toEqual({ key: 'k', step: { seq: 1, notes: [{ text: 'a' }] } });
    staged.envelope.data.step.notes.push({ text: 'added' });
    expect(staged.envelope.data.step.notes).toHaveLength(2);
    await bus.publishRaw(staged.topic, staged.message);
    await bus.idle();
    expect(seen).toEqual([asSent]);
  });

  it('still validates a message whose text it did not build (another contract, or from outside)', async () => {
    const { contract, bus, seen } = await collecting('inproc-foreign', 1);
    // Staged with a look-alike contract (same topic, looser data) whose event the consumer's refuses.
    const lookAlike = defineEvent({ type: contract.type, version: 1, data: z.object({ key: z.string(), seq: z.number() }) });
    const staged = stageEvent(lookAlike, { key: 'k', seq: 1.5 }, 'audit', { subject: 'k', correlationId: 'c' });
    expect(staged.topic).toBe(contract.topic);
    await bus.publishRaw(contract.topic, staged.message);
    await bus.idle();
    expect(seen).toEqual([]);
    expect(bus.deadLetters[0]!.message.headers['dlq-reason']).toMatch(/^schema: data\.seq/);
  });
});

describe('retry topic (same pipeline as Kafka)', () => {
  const withRetries = { maxAttempts: 3, backoffMillis: 1, retryDelaysMillis: [30, 30] };

  it('sends a message that keeps failing to <topic>.retry, and handles it once in a later round', async () => {
    const contract = sequencedContract('inproc-retry');
    const bus = new InProcessMessageBus(logger, 2, withRetries);
    const retried: string[] = [];
    const original = bus.publishRaw.bind(bus);
    bus.publishRaw = async (topic, message) => {
      if (topic.endsWith('.retry')) retried.push(`${topic} round ${message.headers['retry-round']} for ${message.headers['retry-group']}`);
      return original(topic, message);
    };
    let calls = 0;
    const handled: number[] = [];
    bus.subscribe({
      groupId: 'g',
      processedLog: new InMemoryProcessedEventLog(),
      handlers: [
        on(contract, async (e) => {
          if (++calls <= 4) throw new Error('not yet');
          handled.push(e.data.seq);
        }),
      ],
    });
    // Another group on the same topic handles the event at once and never sees g's retries.
    const other: number[] = [];
    bus.subscribe({
      groupId: 'other',
      processedLog: new InMemoryProcessedEventLog(),
      handlers: [on(contract, async (e) => void other.push(e.data.seq))],
    });
    await bus.start();
    const started = Date.now();
    await bus.publisher('audit').publish(contract, { key: 'k', seq: 7 }, { subject: 'k', correlationId: 'c' });
    await bus.idle();
    expect(handled).toEqual([7]);
    expect(other).toEqual([7]);
    expect(calls).toBe(5); // 3 in place, then round 1: fails once more, succeeds on its second try
    expect(retried).toEqual([`${contract.topic}.retry round 1 for g`]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(30); // the round waited its delay
    expect(bus.deadLetters).toHaveLength(0);
  });

  it('dead-letters after the last round, naming the rounds, with the original topic and without retry headers', async () => {
    const { contract, bus, calls } = await failingForGood('inproc-retry-dlq', withRetries, 'handler bug');
    expect(calls).toBe(9);
    expect(bus.deadLetters).toHaveLength(1);
    const { topic, message } = bus.deadLetters[0]!;
    expect(topic).toBe(`${contract.topic}.dlq`);
    expect(message.headers['dlq-reason']).toBe('handler failed 3 times (and in 2 retry rounds): handler bug');
    expect(message.headers['dlq-original-topic']).toBe(contract.topic);
    expect(message.headers['dlq-group']).toBe('g');
    expect(Object.keys(message.headers).filter((h) => h.startsWith('retry-'))).toEqual([]);
    expect(message.headers['correlation-id']).toBe('c'); // the original headers travel on
  });

  it('sends a poison message (broken contract) straight to the dead-letter topic, without retry rounds', async () => {
    const contract = sequencedContract('inproc-retry-poison');
    const bus = new InProcessMessageBus(logger, 2, withRetries);
    let calls = 0;
    bus.subscribe({ groupId: 'g', processedLog: new InMemoryProcessedEventLog(), handlers: [on(contract, async () => void calls++)] });
    await bus.start();
    await bus.publishRaw(contract.topic, { key: 'k', value: '{"not":"an envelope"}', headers: {} });
    await bus.idle();
    expect(calls).toBe(0);
    expect(bus.deadLetters.map((d) => d.message.headers['dlq-reason'])).toEqual([expect.stringMatching(/^schema: /)]);
  });
});

describe('in-process throughput (embedded mode)', () => {
  it('lets timers run while a long backlog drains (memory handlers never wait for I/O)', async () => {
    const contract = sequencedContract('inproc-turns');
    const bus = new InProcessMessageBus(logger, 4, fast);
    let handled = 0;
    bus.subscribe({ groupId: 'g', processedLog: new InMemoryProcessedEventLog(), handlers: [on(contract, async () => void handled++)] });
    const pub = bus.publisher('audit');
    const total = 20_000;
    for (let seq = 0; seq < total; seq++) await pub.publish(contract, { key: `k${seq % 50}`, seq }, { subject: 'k', correlationId: 'c' });
    let handledWhenTimerRan = -1;
    setTimeout(() => (handledWhenTimerRan = handled), 0);
    await bus.start(); // the whole backlog is routed at once
    await bus.idle();
    expect(handled).toBe(total);
    // Without turns of the event loop, the timer would only run once every message was handled.
    expect(handledWhenTimerRan).toBeGreaterThanOrEqual(0);
    expect(handledWhenTimerRan).toBeLessThan(total);
  });

  it('gives each group its own copy of an event: a handler changing it changes nothing for another group', async () => {
    const contract = sequencedContract('inproc-copy');
    const bus = new InProcessMessageBus(logger, 1, fast);
    let mutated!: () => void;
    const aChangedSecond = new Promise<void>((resolve) => (mutated = resolve));
    const seenByB: number[] = [];
    bus.subscribe({
      groupId: 'a',
      processedLog: new InMemoryProcessedEventLog(),
      handlers: [
        on(contract, async (e) => {
          if (e.data.seq !== 2) return;
          (e.data as { seq: number }).seq = 999;
          mutated();
        }),
      ],
    });
    bus.subscribe({
      groupId: 'b',
      processedLog: new InMemoryProcessedEventLog(),
      // b reads the second event only after a has changed its own copy of it.
      handlers: [
        on(contract, async (e) => {
          if (e.data.seq === 1) await aChangedSecond;
          seenByB.push(e.data.seq);
        }),
      ],
    });
    await bus.start();
    const pub = bus.publisher('audit');
    await pub.publish(contract, { key: 'k', seq: 1 }, { subject: 'k', correlationId: 'c' });
    await pub.publish(contract, { key: 'k', seq: 2 }, { subject: 'k', correlationId: 'c' });
    await bus.idle();
    expect(seenByB).toEqual([1, 2]);
  });
});
