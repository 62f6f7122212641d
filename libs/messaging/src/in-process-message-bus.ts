import type { DataOf, EventContract, EventOf, ServiceName } from '@hcv/contracts';
import type { Logger } from '@hcv/observability';
import { buildEnvelope, rememberValidatedEnvelopes, takeValidatedEnvelope, withProducerSpan } from './envelope-codec';
import {
  decodeMessage,
  DEFAULT_DELIVERY,
  deliver,
  handlerMap,
  InfrastructureUnavailable,
  originalTopicOf,
  RETRY_HEADERS,
  type Decoded,
  type DeliveryOptions,
} from './delivery';
import { plainCopy } from './plain-copy';
import type { ConsumerGroupLag } from './consumer-lag';
import type { BusHealth, EventHandler, EventPublisher, MessageBus, PublishContext, RawMessage, Subscription } from './message-bus';

interface QueuedMessage {
  topic: string;
  message: RawMessage;
  offset: number;
  /** Every group reading this message gets its own copy of one decoding (the last one the decoding itself). */
  decode: (contract: EventContract) => Decoded;
}

/**
 * Decodes a message once (JSON and schema, the largest per-delivery cost) for all the groups it
 * goes to — or not at all when this process built and validated it with the consumer's contract
 * (takeValidatedEnvelope: the outbox and publish paths of embedded mode). The decoded event is handed out as copies, so a handler may change its event without
 * another group seeing it, as if each had parsed the string itself — except to the last of the
 * `readers` groups: nobody reads the decoding after it, so it takes the original (one copy fewer per
 * message; most go to two or three groups). A read after that (a message put back on its partition
 * and read again) decodes the string afresh.
 */
function decodeOnce(message: RawMessage, readers: number): (contract: EventContract) => Decoded {
  const { value } = message;
  let decodedFor: EventContract | undefined;
  let decoded: Decoded | undefined;
  let left = readers;
  let known = takeValidatedEnvelope(message.headers.ce_id, value);
  return (contract) => {
    if (decodedFor !== contract || !decoded) {
      // Built and validated in this process by this same contract: the same event a parse would give.
      decoded = known?.contract === contract ? { ok: true, event: known.envelope } : decodeMessage(value, contract);
      decodedFor = contract;
      known = undefined;
    }
    const result = decoded;
    if (--left <= 0) {
      // Handed out as is: a later read must not see what this reader's handler does to it.
      decoded = undefined;
      return result;
    }
    return result.ok ? { ok: true, event: plainCopy(result.event) } : result;
  };
}

/**
 * One group's partition: a FIFO read from `head` (Array#shift on a queue of thousands moves every
 * element each time); the consumed front is dropped once it is half the array.
 */
class PartitionQueue {
  private items: QueuedMessage[] = [];
  private head = 0;
  running = false;

  get length(): number {
    return this.items.length - this.head;
  }
  push(item: QueuedMessage): void {
    this.items.push(item);
  }
  shift(): QueuedMessage | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head]!;
    this.items[this.head++] = undefined as never; // let the delivered message be collected
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
  /** Puts a message back at the front (an uncommitted Kafka offset is read again first). */
  unshift(item: QueuedMessage): void {
    if (this.head > 0) this.items[--this.head] = item;
    else this.items.unshift(item);
  }
}

/**
 * Longest the partitions' drains run before they let the event loop turn: with memory stores a
 * handler never waits for I/O, so without a turn the drains would run as one unbroken chain of
 * microtasks and starve timers (retries due, outbox sweeps, HTTP, a load driver's arrivals).
 */
const SLICE_MILLIS = 10;

interface GroupState {
  subscription: Subscription;
  handlers: Map<string, EventHandler>;
  partitions: PartitionQueue[];
}

/** Same hashing idea as Kafka's: one key always lands in one partition, so its events stay in order. */
function partitionFor(key: string | null, count: number): number {
  if (key === null) return 0;
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return Math.abs(h) % count;
}

/**
 * The embedded mode's bus: same interface and same delivery pipeline (validation, dedupe, retry,
 * dead letters, trace context) as the Kafka adapter, with messages serialised to strings so that
 * nothing passes by reference. Partitions are handled concurrently, each in order.
 */
export class InProcessMessageBus implements MessageBus {
  private readonly groups: GroupState[] = [];
  private readonly pending: { topic: string; message: RawMessage }[] = [];
  private started = false;
  private offset = 0;
  private readonly idleWaiters: (() => void)[] = [];
  /** Retries waiting for their time (a timer each, so a waiting retry never blocks its partition). */
  private waitingRetries = 0;
  /** When the current run of drains began, and the turn of the event loop they wait for once it is over. */
  private sliceStartedAt = performance.now();
  private turn?: Promise<void>;
  private runningDrains = 0;
  /** Everything sent to a dead-letter topic, for inspection. */
  readonly deadLetters: { topic: string; message: RawMessage }[] = [];

  constructor(
    private readonly logger: Logger,
    private readonly partitionCount = 8,
    private readonly delivery: DeliveryOptions = DEFAULT_DELIVERY,
  ) {
    rememberValidatedEnvelopes();
  }

  publisher(source: ServiceName): EventPublisher {
    return {
      publish: async <C extends EventContract>(contract: C, data: DataOf<C>, ctx: PublishContext): Promise<EventOf<C>> => {
        const envelope = buildEnvelope(contract, data, source, ctx);
        await withProducerSpan(contract, envelope as EventOf<EventContract>, ctx, (m) => this.publishRaw(contract.topic, m));
        return envelope;
      },
    };
  }

  async publishRaw(topic: string, message: RawMessage): Promise<void> {
    if (topic.endsWith('.dlq')) this.deadLetters.push({ topic, message });
    const notBefore = topic.endsWith('.retry') ? Date.parse(message.headers[RETRY_HEADERS.notBefore] ?? '') : Number.NaN;
    if (notBefore > Date.now()) {
      this.waitingRetries++;
      setTimeout(() => {
        this.waitingRetries--;
        this.accept(topic, message);
      }, notBefore - Date.now());
      return;
    }
    this.accept(topic, message);
  }

  private accept(topic: string, message: RawMessage): void {
    if (!this.started) {
      this.pending.push({ topic, message });
      return;
    }
    this.route(topic, message);
  }

  subscribe(subscription: Subscription): void {
    if (this.started) throw new Error('subscribe before start()');
    this.groups.push({
      subscription,
      handlers: handlerMap(subscription),
      partitions: Array.from({ length: this.partitionCount }, () => new PartitionQueue()),
    });
  }

  /** In process, lag is what each group has queued and not yet handled. */
  async consumerLag(): Promise<ConsumerGroupLag[]> {
    return this.groups.map((g) => ({
      groupId: g.subscription.groupId,
      lag: g.partitions.reduce((n, p) => n + p.length + (p.running ? 1 : 0), 0),
      state: 'in-process',
    }));
  }

  async health(): Promise<BusHealth> {
    return this.started ? { up: true, detail: 'in-process bus running' } : { up: false, detail: 'in-process bus stopped' };
  }

  async start(): Promise<void> {
    this.started = true;
    for (const { topic, message } of this.pending.splice(0)) this.route(topic, message);
  }

  async stop(): Promise<void> {
    await this.idle();
    this.started = false;
  }

  /** Resolves when every queue is empty and no handler runs. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    // A partition with queued messages always has its drain running (route starts it), and a drain
    // ends only on an empty queue: no running drain means nothing queued.
    return this.waitingRetries === 0 && this.runningDrains === 0;
  }

  private route(topic: string, message: RawMessage): void {
    const original = originalTopicOf({ topic, headers: message.headers });
    const p = partitionFor(message.key, this.partitionCount);
    let readers = 0;
    for (const group of this.groups) if (group.handlers.has(original)) readers++;
    if (!readers) return;
    const decode = decodeOnce(message, readers);
    for (const group of this.groups) {
      if (!group.handlers.has(original)) continue;
      const queue = group.partitions[p]!;
      queue.push({ topic, message, offset: this.offset++, decode });
      if (!queue.running) void this.drain(group, queue, p);
    }
  }

  private async drain(group: GroupState, queue: PartitionQueue, partition: number): Promise<void> {
    queue.running = true;
    this.runningDrains++;
    try {
      for (let item = queue.shift(); item; item = queue.shift()) {
        if (performance.now() - this.sliceStartedAt >= SLICE_MILLIS) await this.nextTurn();
        try {
          await deliver(
            { ...item.message, topic: item.topic, partition, offset: String(item.offset), decode: item.decode },
            group.subscription,
            group.handlers,
            (dlq, raw) => this.publishRaw(dlq, raw),
            this.logger,
            this.delivery,
          );
        } catch (error) {
          if (error instanceof InfrastructureUnavailable) {
            // Like an uncommitted Kafka offset: the message goes back to the head of its partition.
            queue.unshift(item);
            await new Promise((r) => setTimeout(r, this.delivery.backoffMillis * 10));
            continue;
          }
          // A failing dead-letter write: in memory there is nowhere else to put it.
          this.logger.error('in-process delivery failed', { topic: item.topic, error });
        }
      }
    } finally {
      queue.running = false;
      this.runningDrains--;
      if (this.isIdle()) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  /** One turn of the event loop shared by every drain (setImmediate: after timers and I/O). */
  private nextTurn(): Promise<void> {
    this.turn ??= new Promise((resolve) =>
      setImmediate(() => {
        this.turn = undefined;
        this.sliceStartedAt = performance.now();
        resolve();
      }),
    );
    return this.turn;
  }
}
