import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { ALL_EVENT_CONTRACTS, type EventContract, type EventEnvelope } from '@hcv/contracts';
import type { DeliveryMeta, EventHandler, MessageBus, ProcessedEventLog, Subscription } from '../message-bus';
import { currentTraceparent } from '../trace-context';
import { EventContext, type ConsumerExtras } from './consumer-groups';

export interface MessageBusTransportOptions {
  /** Where each group remembers the events it handled (the service's own database, or memory). */
  processedLog: ProcessedEventLog;
  /**
   * Start the bus once the groups are subscribed (default). False when several applications share
   * one bus (embedded mode): whoever made the bus starts it once all have subscribed.
   */
  startsBus?: boolean;
}

/** The settings of a group of handlers that are not Nest controllers (a load driver's feed, a test's listener). */
export type GroupSettings = Pick<ConsumerExtras, 'group' | 'ordering' | 'idempotent'>;

/**
 * The Nest custom transport over a MessageBus (Kafka or in-process): the @EventPattern handlers
 * Nest registered (two groups on one topic come as a chain of `.next` handlers) are grouped by the
 * `group` in their pattern's extras into one Subscription each, subscribed, and then the bus is
 * started. Everything between a message and the handler — validation against the contract, the
 * processed-event log, retries, the retry topic, dead letters, trace context, commits — stays the
 * bus's delivery pipeline; a handler receives the validated envelope (`@Payload()`) and an
 * EventContext (`@Ctx()`).
 */
export class MessageBusTransport extends Server implements CustomTransportStrategy {
  private subscribed?: Subscription[];

  constructor(
    private readonly bus: MessageBus,
    private readonly options: MessageBusTransportOptions,
  ) {
    super();
  }

  /** Handlers without a controller, grouped and delivered exactly as @EventPattern methods are. */
  consume(settings: GroupSettings, handlers: readonly EventHandler[]): this {
    for (const handler of handlers) {
      const extras: ConsumerExtras = { ...settings, contracts: [handler.contract] };
      this.addHandler(handler.contract.topic, (event: EventEnvelope, ctx: EventContext) => handler.handle(event, ctx.meta), true, extras);
    }
    return this;
  }

  /** The subscriptions the registered handlers form, one per consumer group (computed once). */
  subscriptions(): Subscription[] {
    this.subscribed ??= this.groupHandlers();
    return this.subscribed;
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Subscribes every group and (unless the bus is shared) starts the bus. */
  async start(): Promise<void> {
    for (const subscription of this.subscriptions()) this.bus.subscribe(subscription);
    if (this.options.startsBus ?? true) await this.bus.start();
  }

  /**
   * Leaves the bus running: its owner stops it after the application closed, because the
   * application's shutdown hooks (the outbox relay's last flush) still publish through it.
   */
  async close(): Promise<void> {}

  on(): never {
    throw new Error('MessageBusTransport has no events to listen to; watch the bus health instead');
  }

  unwrap<T>(): T {
    return this.bus as T;
  }

  private groupHandlers(): Subscription[] {
    const groups = new Map<string, Subscription>();
    for (const [pattern, head] of this.messageHandlers) {
      // Nest chains the handlers of one pattern (`.next`), and calling the head runs them all;
      // each group must run only its own, so the chain is taken apart.
      for (let handler: MessageHandler | undefined = head; handler;) {
        const next: MessageHandler | undefined = handler.next;
        handler.next = undefined;
        this.addToGroup(groups, pattern, handler);
        handler = next;
      }
    }
    return [...groups.values()];
  }

  private addToGroup(groups: Map<string, Subscription>, pattern: string, handler: MessageHandler): void {
    if (!handler.isEventHandler)
      throw new Error(`${pattern}: only @EventPattern handlers can consume from the bus (no @MessagePattern replies)`);
    const extras = handler.extras as Partial<ConsumerExtras> | undefined;
    if (!extras?.group)
      throw new Error(
        `${pattern}: the handler names no consumer group (list its controller in the service's topics, or give { group } in the pattern's extras)`,
      );
    const contract = contractFor(pattern, extras.contracts);
    const group = groups.get(extras.group) ?? {
      groupId: extras.group,
      processedLog: this.options.processedLog,
      handlers: [],
      ...(extras.ordering ? { ordering: extras.ordering } : {}),
      ...(extras.idempotent ? { idempotent: true } : {}),
    };
    groups.set(extras.group, group);
    if ((group.ordering ?? 'partition') !== (extras.ordering ?? 'partition') || !!group.idempotent !== !!extras.idempotent) {
      throw new Error(`consumer group ${extras.group}: its handlers disagree on ordering or idempotence`);
    }
    if (group.handlers.some((h) => h.contract.topic === contract.topic))
      throw new Error(`consumer group ${extras.group} has two handlers for ${contract.topic}`);
    group.handlers.push({ contract, handle: (event, meta) => run(handler, extras.group!, event, meta) });
  }
}

function contractFor(topic: string, contracts: readonly EventContract[] = []): EventContract {
  const contract = contracts.find((c) => c.topic === topic) ?? ALL_EVENT_CONTRACTS.find((c) => c.topic === topic);
  if (!contract) throw new Error(`${topic}: no event contract has this topic`);
  return contract;
}

/** Runs a Nest handler; its result may be an Observable (an error from the exception filter) or a value. */
async function run(handler: MessageHandler, groupId: string, event: EventEnvelope, meta: DeliveryMeta): Promise<void> {
  const result: unknown = await handler(event, new EventContext(groupId, event.id, event.correlationId, meta, currentTraceparent()));
  if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
}
