import type { DataOf, EventContract, EventEnvelope, EventOf, ServiceName } from '@hcv/contracts';
import type { ConsumerGroupLag } from './consumer-lag';

/** What a producer says about an event besides its data. */
export interface PublishContext {
  /** The aggregate (session id, device id): the envelope subject and the Kafka key. */
  subject: string;
  correlationId: string;
  causationId?: string;
  /**
   * A W3C traceparent to continue, when the caller is not already inside the trace (e.g. a later
   * HTTP request of the same session). Without it the active context is used.
   */
  traceparent?: string;
}

export interface EventPublisher {
  publish<C extends EventContract>(contract: C, data: DataOf<C>, context: PublishContext): Promise<EventOf<C>>;
}

export interface DeliveryMeta {
  /** The event's topic (for a retry round or a replay: the topic it was first published on). */
  topic: string;
  /** Where this delivery was read: for a retry round, a partition and offset of `<topic>.retry`. */
  partition: number;
  offset: string;
  /** 1 for the first try in this process; a redelivery after a crash starts again at 1. */
  attempt: number;
  /**
   * Present for a group ordered `partition-start` (Kafka bus): the handler calls it once its
   * order-sensitive part has begun (e.g. its hash-chain append is queued); the partition's next
   * message is started then instead of after this one's writes. Not calling it keeps plain
   * partition order (the next message starts once this delivery ended).
   */
  begun?: () => void;
}

export interface EventHandler {
  readonly contract: EventContract;
  readonly handle: (event: EventEnvelope, meta: DeliveryMeta) => Promise<void>;
}

/** Pairs a contract with its handler so the handler receives the contract's own type. */
export function on<C extends EventContract>(contract: C, handle: (event: EventOf<C>, meta: DeliveryMeta) => Promise<void>): EventHandler {
  return { contract, handle: handle as EventHandler['handle'] };
}

/** Remembers which events a consumer group has handled, so a redelivery is not handled twice. */
export interface ProcessedEventLog {
  seen(groupId: string, eventId: string): Promise<boolean>;
  record(groupId: string, eventId: string): Promise<void>;
  /** Which of the events the group handled, in one request (the Kafka bus asks once per fetched batch). */
  seenMany?(groupId: string, eventIds: readonly string[]): Promise<Set<string>>;
  /** Records several handled events in one request. */
  recordMany?(groupId: string, eventIds: readonly string[]): Promise<void>;
}

export interface Subscription {
  /** One consumer group per service capability, e.g. `voucher-matching.match`. */
  groupId: string;
  handlers: EventHandler[];
  processedLog: ProcessedEventLog;
  /**
   * What must stay in order: `partition` (default) — every message of a partition, one at a time
   * (e.g. a hash chain per partition); `key` — only the messages of one key (one aggregate), so
   * different sessions in one partition are handled at once; `partition-start` — a fetched batch's
   * messages are started in offset order, each once the one before said its order-sensitive part
   * has begun (`DeliveryMeta.begun`) or its delivery ended, so their writes leave together; the
   * handlers keep their own order from there (audit's ledger queues each chain's appends in call
   * order). A failure stops the batch's starts; from the first message not handled, the rest is
   * delivered again one at a time, as in `partition` order (retries, retry topic, dead letters).
   */
  ordering?: 'partition' | 'key' | 'partition-start';
  /**
   * The handlers change nothing when an event comes again (every write is conditional on what it
   * already applied): delivery then neither checks nor records the processed-event log — two
   * database round trips per event that would protect nothing. Default false.
   */
  idempotent?: boolean;
}

export interface RawMessage {
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

export interface MessageBus {
  publisher(source: ServiceName): EventPublisher;
  /** Register before start(). */
  subscribe(subscription: Subscription): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends an already-serialised message (dead letters, replays). */
  publishRaw(topic: string, message: RawMessage): Promise<void>;
  /**
   * Sends several already-serialised messages in order as one publish (one outbox document's
   * entries): one produce request where the transport batches; resolves once all were
   * acknowledged, rejects if any failed, and none is published after one that failed. Absent: the
   * caller sends them one at a time with `publishRaw`.
   */
  publishRawAll?(messages: readonly { topic: string; message: RawMessage }[]): Promise<void>;
  /** For readiness probes: can the bus publish and are its consumers running? */
  health(): Promise<BusHealth>;
  /**
   * For liveness probes: false only for what a restart repairs and waiting does not — a consumer
   * the client gave up on. An unreachable broker is not this: it is waited out (readiness).
   */
  alive?(): BusHealth;
  /** For the operations read model: how far each consumer group is behind (absent: not measurable). */
  consumerLag?(): Promise<ConsumerGroupLag[]>;
}

export interface BusHealth {
  up: boolean;
  detail: string;
}

/**
 * The processed-event log of memory stores (embedded mode, tests), bounded: per group it remembers
 * the last `perGroup / 2` to `perGroup` event ids (two generations of sets; the older one is dropped
 * when the newer fills), so a long run does not grow it without end. The bound means a redelivery
 * arriving after more than `perGroup / 2` newer events of its group would be handled again — in
 * one process redeliveries come within seconds (the outbox sweep's resend after its grace period, a
 * message put back after an outage), hundreds of thousands of events sooner than that.
 */
export class InMemoryProcessedEventLog implements ProcessedEventLog {
  // One pair of sets per group: a joined `group + id` key would build (and hash) a new string per lookup.
  private readonly byGroup = new Map<string, { current: Set<string>; previous: Set<string> }>();
  constructor(private readonly perGroup = 200_000) {}
  async seen(groupId: string, eventId: string): Promise<boolean> {
    return this.has(groupId, eventId);
  }
  private has(groupId: string, eventId: string): boolean {
    const ids = this.byGroup.get(groupId);
    return !!ids && (ids.current.has(eventId) || ids.previous.has(eventId));
  }
  async record(groupId: string, eventId: string): Promise<void> {
    let ids = this.byGroup.get(groupId);
    if (!ids) this.byGroup.set(groupId, (ids = { current: new Set(), previous: new Set() }));
    ids.current.add(eventId);
    if (ids.current.size >= Math.max(1, this.perGroup / 2)) {
      ids.previous = ids.current;
      ids.current = new Set();
    }
  }
  async seenMany(groupId: string, eventIds: readonly string[]): Promise<Set<string>> {
    return new Set(eventIds.filter((id) => this.has(groupId, id)));
  }
  async recordMany(groupId: string, eventIds: readonly string[]): Promise<void> {
    for (const id of eventIds) await this.record(groupId, id);
  }
}
