import 'reflect-metadata';
import { Catch, UseFilters, type RpcExceptionFilter, type Type } from '@nestjs/common';
import { BaseRpcContext } from '@nestjs/microservices';
import { PATTERN_EXTRAS_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants';
import { throwError, type Observable } from 'rxjs';
import type { EventContract, ServiceName } from '@hcv/contracts';
import type { DeliveryMeta, Subscription } from '../message-bus';

/** The pattern of `@EventPattern(eventPattern(Contract))`: the contract's topic. */
export function eventPattern(contract: EventContract): string {
  return contract.topic;
}

/**
 * What the transport reads from a pattern's extras: the consumer group the handler belongs to,
 * the group's delivery settings, and the contracts its topics are validated with.
 */
export interface ConsumerExtras {
  group: string;
  ordering?: Subscription['ordering'];
  idempotent?: boolean;
  /** Contracts of the group's topics (a topic not among them is looked up in the contracts catalogue). */
  contracts?: readonly EventContract[];
}

/** One consumer group of a service: the topics it reads and the controllers whose @EventPattern methods read them. */
export interface ConsumerGroup {
  /** One consumer group per service capability, e.g. `voucher-matching.match`. */
  group: string;
  /** Why the group exists or what it keeps in order: shown beside it on the topic map. */
  purpose: string;
  ordering?: Subscription['ordering'];
  idempotent?: boolean;
  topics: readonly EventContract[];
  controllers: readonly Type<unknown>[];
}

/** A service's topics: the one list of its consumer groups (→ topics → controllers) and of the events it publishes. */
export interface ServiceTopics {
  service: ServiceName;
  consumes: readonly ConsumerGroup[];
  publishes: readonly EventContract[];
}

/** The controllers a service module registers for its consumers. */
export function consumerControllers(topics: ServiceTopics): Type<unknown>[] {
  return topics.consumes.flatMap((g) => [...g.controllers]);
}

/**
 * Hands a handler's error to the transport unchanged. Nest's default RPC filter would replace it
 * with `{ status: 'error', message: 'Internal server error' }`, and delivery decides from the error
 * itself whether to leave the message uncommitted (infrastructure away), retry it or dead-letter it.
 */
@Catch()
export class DeliveryErrorFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

const grouped = new WeakMap<Type<unknown>, string>();

/**
 * Declares a consumer group (in a service's `*.topics.ts`): writes the group and its settings into
 * the extras of every @EventPattern method of its controllers, and checks that the controllers
 * listen to exactly the listed topics — so the list a topic map is drawn from is the one delivery runs.
 */
export function consumerGroup(spec: ConsumerGroup): ConsumerGroup {
  const extras: ConsumerExtras = {
    group: spec.group,
    contracts: spec.topics,
    ...(spec.ordering ? { ordering: spec.ordering } : {}),
    ...(spec.idempotent ? { idempotent: spec.idempotent } : {}),
  };
  const listened = new Set<string>();
  for (const controller of spec.controllers) {
    const other = grouped.get(controller);
    if (other !== undefined && other !== spec.group)
      throw new Error(`${controller.name} is listed in two consumer groups (${other}, ${spec.group})`);
    grouped.set(controller, spec.group);
    UseFilters(new DeliveryErrorFilter())(controller);
    for (const key of Object.getOwnPropertyNames(controller.prototype)) {
      const method: unknown = Object.getOwnPropertyDescriptor(controller.prototype, key)?.value;
      if (typeof method !== 'function') continue;
      const patterns = Reflect.getMetadata(PATTERN_METADATA, method) as unknown[] | undefined;
      if (!patterns) continue;
      for (const pattern of patterns) {
        if (!spec.topics.some((c) => c.topic === pattern)) {
          throw new Error(`${controller.name}.${key} listens to ${String(pattern)}, which consumer group ${spec.group} does not list`);
        }
        listened.add(pattern as string);
      }
      Reflect.defineMetadata(
        PATTERN_EXTRAS_METADATA,
        { ...(Reflect.getMetadata(PATTERN_EXTRAS_METADATA, method) as object | undefined), ...extras },
        method,
      );
    }
  }
  const unheard = spec.topics.filter((c) => !listened.has(c.topic));
  if (unheard.length)
    throw new Error(
      `consumer group ${spec.group} lists ${unheard.map((c) => c.topic).join(', ')} but none of its controllers listens to it`,
    );
  return spec;
}

/** What `@Ctx()` gives a consumer: the envelope's identity and where and how often it was delivered. */
export class EventContext extends BaseRpcContext<[DeliveryMeta]> {
  constructor(
    readonly groupId: string,
    readonly eventId: string,
    readonly correlationId: string,
    readonly meta: DeliveryMeta,
    /** The W3C traceparent of the consumer span this handler runs in (absent when tracing is off). */
    readonly traceparent: string | undefined,
  ) {
    super([meta]);
  }
  /** The event's topic (for a retry round: the topic it was first published on). */
  get topic(): string {
    return this.meta.topic;
  }
  get partition(): number {
    return this.meta.partition;
  }
  get offset(): string {
    return this.meta.offset;
  }
  /** 1 for the first try in this process. */
  get attempt(): number {
    return this.meta.attempt;
  }
}
