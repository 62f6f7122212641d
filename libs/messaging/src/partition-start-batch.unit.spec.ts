import { randomUUID } from 'node:crypto';
import { SessionCardReadV1 } from '@hcv/contracts';
import { createLogger } from '@hcv/observability';
import { deliver, FirstTryFailed, handlerMap, type DeliveryOptions, type IncomingMessage } from './delivery';
import { buildEnvelope } from './envelope-codec';
import { InMemoryProcessedEventLog, on, type DeliveryMeta, type RawMessage, type Subscription } from './message-bus';
import { handlePartitionStartBatch, MAX_TRIES_IN_FLIGHT } from './partition-start-batch';

const batch = (count: number) => Array.from({ length: count }, (_, i) => ({ key: null, offset: String(100 + i) }));
const control = (resolved: string[], isActive: () => boolean = () => true) => ({
  resolveOffset: (o: string) => resolved.push(o),
  heartbeat: async () => undefined,
  isActive,
});
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('handlePartitionStartBatch', () => {
  it('starts each message once the one before has begun, without waiting for its writes, and resolves the batch', async () => {
    const started: string[] = [];
    const finished: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const resolved: string[] = [];
    let allStarted!: () => void;
    let finishedWhenLastStarted: string[] = [];
    const whenAllStarted = new Promise<void>((resolve) => (allStarted = resolve));
    await handlePartitionStartBatch(
      batch(4),
      async (m, begun) => {
        started.push(m.offset);
        if (started.length === 4) {
          finishedWhenLastStarted = [...finished];
          allStarted();
        }
        running++;
        maxRunning = Math.max(maxRunning, running);
        await tick(1); // the order-sensitive part (e.g. queueing a chain append) takes its time
        begun();
        // the writes: the first message's end only once the last one started
        await (m.offset === '100' ? whenAllStarted : tick(1));
        finished.push(m.offset);
        running--;
      },
      async () => {
        throw new Error('nothing is delivered again');
      },
      control(resolved),
    );
    expect(started).toEqual(['100', '101', '102', '103']);
    expect(finishedWhenLastStarted).not.toContain('100'); // the first message's writes were still under way
    expect(finished).toHaveLength(4);
    expect(maxRunning).toBeGreaterThan(1);
    expect(resolved.at(-1)).toBe('103');
  });

  it('waits for a message whose handler never says it began until its delivery ended (plain partition order)', async () => {
    const events: string[] = [];
    await handlePartitionStartBatch(
      batch(3),
      async (m) => {
        events.push(`start ${m.offset}`);
        await tick(2);
        events.push(`end ${m.offset}`);
      },
      async () => undefined,
      control([]),
    );
    expect(events).toEqual(['start 100', 'end 100', 'start 101', 'end 101', 'start 102', 'end 102']);
  });

  it('on a failure mid-batch starts nothing more, resolves the handled prefix, and delivers the rest again one at a time in order', async () => {
    const resolved: string[] = [];
    const firstTries: string[] = [];
    const again: string[] = [];
    await handlePartitionStartBatch(
      batch(6),
      async (m, begun) => {
        firstTries.push(m.offset);
        await tick(2);
        begun();
        await tick(m.offset === '102' ? 1 : 10);
        if (m.offset === '102') throw new Error('handler failed');
      },
      async (m) => {
        again.push(`start ${m.offset}`);
        await tick(1);
        again.push(`end ${m.offset}`);
      },
      control(resolved),
    );
    // 103 had started before 102 failed; 104 and 105 never did. From 102 on, each again, in order.
    expect(firstTries).toEqual(['100', '101', '102', '103']);
    expect(again).toEqual(['start 102', 'end 102', 'start 103', 'end 103', 'start 104', 'end 104', 'start 105', 'end 105']);
    expect(resolved).toEqual(['101', '102', '103', '104', '105']);
  });

  it('on a stop mid-batch starts nothing more, delivers nothing again, and resolves only the handled prefix', async () => {
    const resolved: string[] = [];
    let active = true;
    const firstTries: string[] = [];
    const again: string[] = [];
    await handlePartitionStartBatch(
      batch(5),
      async (m, begun) => {
        firstTries.push(m.offset);
        if (m.offset === '101') active = false; // the consumer is stopping while 101 is in hand
        begun();
        await tick(m.offset === '100' ? 5 : 1);
      },
      async (m) => void again.push(m.offset),
      control(resolved, () => active),
    );
    expect(firstTries).toEqual(['100', '101']);
    expect(again).toEqual([]);
    expect(resolved).toEqual(['101']);
  });

  it('rethrows a failure of a message delivered again, with offsets resolved only before it', async () => {
    const resolved: string[] = [];
    await expect(
      handlePartitionStartBatch(
        batch(4),
        async (m, begun) => {
          begun();
          if (m.offset === '101') throw new Error('database away');
        },
        async (m) => {
          if (m.offset === '102') throw new Error('database still away');
        },
        control(resolved),
      ),
    ).rejects.toThrow('database still away');
    expect(resolved).toEqual(['100', '101']);
  });

  it('has at most MAX_TRIES_IN_FLIGHT first tries under way at once, and handles the whole batch', async () => {
    let running = 0;
    let most = 0;
    const resolved: string[] = [];
    await handlePartitionStartBatch(
      batch(MAX_TRIES_IN_FLIGHT * 3 + 7),
      async (_m, begun) => {
        running++;
        most = Math.max(most, running);
        begun();
        await tick(1);
        running--;
      },
      async () => {
        throw new Error('nothing is delivered again');
      },
      control(resolved),
    );
    expect(most).toBe(MAX_TRIES_IN_FLIGHT);
    expect(resolved).toEqual([String(100 + MAX_TRIES_IN_FLIGHT * 3 + 6)]);
  });

  describe('heartbeats', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('heartbeats once a second while it only waits for its tries, and stops when the batch ends', async () => {
      let heartbeats = 0;
      const writes: (() => void)[] = [];
      const resolved: string[] = [];
      const ended = handlePartitionStartBatch(
        batch(3),
        (_m, begun) => {
          begun();
          return new Promise<void>((resolve) => writes.push(resolve)); // the database does not answer yet
        },
        async () => undefined,
        { ...control(resolved), heartbeat: async () => void heartbeats++ },
      );
      await jest.advanceTimersByTimeAsync(3_500);
      expect(heartbeats).toBe(3);
      for (const write of writes) write();
      await ended;
      expect(resolved).toEqual(['102']);
      await jest.advanceTimersByTimeAsync(5_000);
      expect(heartbeats).toBe(3);
    });

    it('on a refused heartbeat starts nothing more, lets the tries in flight settle, resolves the handled prefix and throws', async () => {
      const firstTries: string[] = [];
      const again: string[] = [];
      const resolved: string[] = [];
      let settledTries = 0;
      const ended = handlePartitionStartBatch(
        batch(4),
        async (m, begun) => {
          firstTries.push(m.offset);
          // 100 begins at once; 101 only after 1.5 s, when the heartbeat of the first second was refused
          if (m.offset !== '100') await new Promise((r) => setTimeout(r, 1_500));
          begun();
          await new Promise((r) => setTimeout(r, 2_000));
          settledTries++;
        },
        async (m) => void again.push(m.offset),
        {
          ...control(resolved),
          heartbeat: async () => {
            throw Object.assign(new Error('The group is rebalancing'), { type: 'REBALANCE_IN_PROGRESS' });
          },
        },
      );
      const outcome = ended.then(
        () => 'resolved',
        (error: Error) => error.message,
      );
      await jest.advanceTimersByTimeAsync(10_000);
      expect(await outcome).toBe('The group is rebalancing');
      expect(firstTries).toEqual(['100', '101']);
      expect(settledTries).toBe(2); // the tries in flight ended before the batch did
      expect(again).toEqual([]);
      expect(resolved).toEqual(['101']);
    });
  });
});

describe('handlePartitionStartBatch with delivery', () => {
  const logger = createLogger({ service: 'test', level: 'error' });
  const OPTIONS: DeliveryOptions = { maxAttempts: 2, backoffMillis: 1, retryDelaysMillis: [] };

  function setUp(poisonAt: number, failingAt: number) {
    const handled: string[] = [];
    const tries = new Map<string, number>();
    const subscription: Subscription = {
      groupId: 'g',
      processedLog: new InMemoryProcessedEventLog(),
      ordering: 'partition-start',
      idempotent: true,
      handlers: [
        on(SessionCardReadV1, async (e, meta: DeliveryMeta) => {
          tries.set(meta.offset, (tries.get(meta.offset) ?? 0) + 1);
          meta.begun?.();
          await tick(1);
          if (meta.offset === String(100 + failingAt)) throw new Error('a bug this message always meets');
          handled.push(meta.offset);
          void e;
        }),
      ],
    };
    const messages = Array.from({ length: 5 }, (_, i) => {
      const sessionId = randomUUID();
      const event = buildEnvelope(SessionCardReadV1, { sessionId, identityCheck: 'pin', readAt: '2026-11-25T09:30:00Z' }, 'card-session', {
        subject: sessionId,
        correlationId: 'c',
      });
      return { key: null, offset: String(100 + i), value: i === poisonAt ? '{"not":"an event"' : JSON.stringify(event), sessionId };
    });
    const sent: { topic: string; message: RawMessage }[] = [];
    const handlers = handlerMap(subscription);
    const incoming = (m: (typeof messages)[number], begun?: () => void): IncomingMessage => ({
      topic: SessionCardReadV1.topic,
      partition: 0,
      offset: m.offset,
      key: m.sessionId,
      value: m.value,
      headers: {},
      ...(begun ? { begun } : {}),
    });
    const sink = async (topic: string, message: RawMessage) => void sent.push({ topic, message });
    const run = (resolved: string[]) =>
      handlePartitionStartBatch(
        messages,
        (m, begun) => deliver(incoming(m, begun), subscription, handlers, sink, logger, { ...OPTIONS, firstTry: true }),
        (m) => deliver(incoming(m), subscription, handlers, sink, logger, OPTIONS),
        control(resolved),
      );
    return { run, handled, sent, tries };
  }

  it('dead-letters the message that keeps failing, alone, and handles its batch-mates after it', async () => {
    const { run, handled, sent, tries } = setUp(-1, 2);
    const resolved: string[] = [];
    await run(resolved);
    expect(sent.map((s) => [s.topic, s.message.headers['dlq-original-offset']])).toEqual([[`${SessionCardReadV1.topic}.dlq`, '102']]);
    expect(sent[0]!.message.headers['dlq-reason']).toMatch(/handler failed 2 times: a bug this message always meets/);
    // 102 tried twice in its first try and twice again; 103 and 104 handled (again, after it)
    expect(tries.get('102')).toBe(4);
    expect(new Set(handled)).toEqual(new Set(['100', '101', '103', '104']));
    expect(handled.slice(-2)).toEqual(['103', '104']);
    expect(resolved.at(-1)).toBe('104');
  });

  it('dead-letters a poison message in its first try and goes on with the batch', async () => {
    const { run, handled, sent } = setUp(1, -1);
    const resolved: string[] = [];
    await run(resolved);
    expect(sent.map((s) => s.message.headers['dlq-original-offset'])).toEqual(['101']);
    expect(sent[0]!.message.headers['dlq-reason']).toBe('malformed JSON');
    expect(handled).toEqual(['100', '102', '103', '104']);
    expect(resolved).toEqual(['104']);
  });

  it('throws FirstTryFailed for a handler failure in a first try, writing neither a retry nor a dead letter', async () => {
    const { sent } = setUp(-1, 0);
    const subscription: Subscription = {
      groupId: 'g',
      processedLog: new InMemoryProcessedEventLog(),
      idempotent: true,
      handlers: [
        on(SessionCardReadV1, async () => {
          throw new Error('no');
        }),
      ],
    };
    const sessionId = randomUUID();
    const event = buildEnvelope(SessionCardReadV1, { sessionId, identityCheck: 'pin', readAt: '2026-11-25T09:30:00Z' }, 'card-session', {
      subject: sessionId,
      correlationId: 'c',
    });
    const message: IncomingMessage = {
      topic: SessionCardReadV1.topic,
      partition: 0,
      offset: '1',
      key: sessionId,
      value: JSON.stringify(event),
      headers: {},
    };
    await expect(
      deliver(message, subscription, handlerMap(subscription), async (t, m) => void sent.push({ topic: t, message: m }), logger, {
        ...OPTIONS,
        retryDelaysMillis: [1_000],
        firstTry: true,
      }),
    ).rejects.toBeInstanceOf(FirstTryFailed);
    expect(sent).toEqual([]);
  });
});
