import { z } from 'zod';

/** Names of the five services; every envelope says which one produced it. */
export const ServiceName = z.enum(['device-registry', 'card-session', 'qualification-lookup', 'voucher-matching', 'audit']);
export type ServiceName = z.infer<typeof ServiceName>;

/**
 * The envelope every event travels in (CloudEvents-style names). The same fields are mirrored in
 * Kafka headers (ce_id, ce_type, …) so a consumer can route or dead-letter without parsing the body;
 * W3C trace context travels only in headers (traceparent / tracestate).
 */
export const EnvelopeBase = z.object({
  id: z.uuid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  time: z.iso.datetime({ offset: true }),
  source: ServiceName,
  /** The aggregate the event is about (a session id, a device id); also the Kafka key. */
  subject: z.string().min(1).max(128),
  correlationId: z.string().min(1).max(128),
  causationId: z.string().min(1).max(128).optional(),
});

export interface EventContract<TType extends string = string, TData extends z.ZodType = z.ZodType> {
  readonly type: TType;
  readonly version: number;
  readonly topic: string;
  /** Partition count the topic is created with; keys keep one aggregate's events in one partition. */
  readonly partitions: number;
  readonly data: TData;
  readonly envelope: z.ZodType<EventEnvelope<z.infer<TData>, TType>>;
}

export type EventEnvelope<TData = unknown, TType extends string = string> = z.infer<typeof EnvelopeBase> & {
  type: TType;
  data: TData;
};

export type EventOf<C extends EventContract> = EventEnvelope<z.infer<C['data']>, C['type']>;
export type DataOf<C extends EventContract> = z.infer<C['data']>;

/**
 * Partitions of a topic whose contract names none. Sized to the load, not the maximum: three carry
 * the verification flow well past its target rate with three consumer instances per group, and every
 * partition more costs each fetch of every group reading the topic (audit reads them all; kafkajs
 * sends full fetch requests, so the broker's and the consumer's work per fetch grows with the
 * partitions listed). A topic that must spread over more instances asks for more; Kafka grows a
 * topic but never shrinks one.
 */
export const DEFAULT_PARTITIONS = 3;

/** Contracts made by defineEvent: their envelope is EnvelopeBase with the contract's own type, version and data schema. */
const DEFINED_EVENTS = new WeakSet<EventContract>();

/**
 * True when `contract` came from defineEvent, so its envelope schema is exactly EnvelopeBase's fields
 * with `type` and `version` fixed to the contract's and `data` its data schema: an envelope whose
 * header fields pass EnvelopeBase and whose `data` passes `contract.data` passes `contract.envelope`,
 * with the same output. Producers use it to validate only what they did not build themselves.
 */
export function isDefinedEvent(contract: EventContract): boolean {
  return DEFINED_EVENTS.has(contract);
}

/**
 * Topic naming rule: `<domain>.<event>.v<major>`; a breaking change is a new contract, never an edit.
 *
 * `data` may be given as a function returning the schema (what every contract in this library does):
 * the data and envelope schemas are then built on first use of `contract.data` or `contract.envelope`,
 * not at import, so a service builds only the schemas of the events it validates (building all of
 * them cost each service ≈2.7 MB of heap at start). The contract is the same either way.
 */
export function defineEvent<TType extends string, TData extends z.ZodType>(spec: {
  type: TType;
  version: number;
  data: TData | (() => TData);
  partitions?: number;
}): EventContract<TType, TData> {
  const topic = `${spec.type}.v${spec.version}`;
  const buildData = spec.data;
  let data: TData | undefined = typeof buildData === 'function' ? undefined : buildData;
  let envelope: z.ZodType<EventEnvelope<z.infer<TData>, TType>> | undefined;
  const dataSchema = (): TData => (data ??= (buildData as () => TData)());
  const contract: EventContract<TType, TData> = Object.freeze(
    Object.defineProperties(
      { type: spec.type, version: spec.version, topic, partitions: spec.partitions ?? DEFAULT_PARTITIONS },
      {
        data: { enumerable: true, get: dataSchema },
        envelope: {
          enumerable: true,
          get: () =>
            (envelope ??= EnvelopeBase.extend({
              type: z.literal(spec.type),
              version: z.literal(spec.version),
              data: dataSchema(),
            }) as unknown as z.ZodType<EventEnvelope<z.infer<TData>, TType>>),
        },
      },
    ) as EventContract<TType, TData>,
  );
  DEFINED_EVENTS.add(contract);
  return contract;
}

/** Where a message that cannot be handled goes, with its reason, to be replayed after a fix. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
