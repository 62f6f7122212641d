import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { deadLetterTopic, type EventContract, type EventEnvelope } from '@hcv/contracts';
import type { Logger } from '@hcv/observability';
import type { DeliveryMeta, EventHandler, RawMessage, Subscription } from './message-bus';
import type { ProcessedInBatch } from './batch-processed-log';
import { tracer } from './envelope-codec';
import { extractTraceContext } from './trace-context';
import { notifyDelivered, ORIGIN_HEADER, withOrigin, type Delivered, type DeliveryResult } from './messaging-observer';

export interface IncomingMessage extends RawMessage {
  topic: string;
  partition: number;
  offset: string;
  /** Keeps the consumer's group membership alive while a retry waits for its time. */
  heartbeat?: () => Promise<void>;
  /**
   * Holds this message's partition until `untilMillis` without blocking the others (Kafka: pause,
   * resume on a timer). With it, a retry read before its time is put back on the retry topic and
   * its partition paused, instead of being waited for in the handler.
   */
  defer?: (untilMillis: number) => void;
  /**
   * Parses and validates the message for a contract (absent: `decodeMessage`). The in-process bus
   * decodes a message once for all its groups and gives each its own copy.
   */
  decode?: (contract: EventContract) => Decoded;
  /**
   * The processed-event log as the message's fetched batch sees it (asked once for the batch,
   * recorded once after it). Absent: the subscription's log is asked and written per message.
   */
  processedInBatch?: ProcessedInBatch;
  /** Given to the handler as `DeliveryMeta.begun` (a `partition-start` group's batch: see Subscription.ordering). */
  begun?: () => void;
}

/** A message read as an event of its contract, or why it cannot be (it is then dead-lettered). */
export type Decoded = { ok: true; event: EventEnvelope } | { ok: false; reason: string };

/** JSON, then the contract's envelope schema. */
export function decodeMessage(value: string, contract: EventContract): Decoded {
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return { ok: false, reason: 'malformed JSON' };
  }
  const parsed = contract.envelope.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // Not retried: a message that breaks its contract will break it again.
    return { ok: false, reason: `schema: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, event: parsed.data as EventEnvelope };
}

export interface DeliveryOptions {
  /** Tries in place (in this process, with backoff) before the message leaves for the retry topic. */
  maxAttempts: number;
  backoffMillis: number;
  /**
   * The wait before each round on `<topic>.retry` (each round again `maxAttempts` tries); after the
   * last round the message is dead-lettered. Empty or absent: dead-lettered after the in-place tries.
   */
  retryDelaysMillis?: readonly number[];
  /** Ends a retry's wait early (the bus is stopping): the message is left uncommitted. */
  signal?: AbortSignal;
  /**
   * A first try of a batch's messages together (partition-start-batch.ts): a handler that failed
   * its `maxAttempts` is thrown as FirstTryFailed — neither a retry round nor a dead letter — and
   * the caller delivers the message again the usual way. Poison is dead-lettered as ever.
   */
  firstTry?: boolean;
}

export const DEFAULT_DELIVERY: DeliveryOptions = { maxAttempts: 3, backoffMillis: 100, retryDelaysMillis: [1_000, 5_000, 30_000] };

/** Sends a message to a dead-letter or retry topic. */
export type DeadLetterSink = (topic: string, message: RawMessage) => Promise<void>;

/** Beside each topic: where a message whose handler failed waits for another round (per group, by header). */
export function retryTopic(topic: string): string {
  return `${topic}.retry`;
}

export const RETRY_HEADERS = {
  round: 'retry-round',
  notBefore: 'retry-not-before',
  group: 'retry-group',
  originalTopic: 'retry-original-topic',
  reason: 'retry-reason',
} as const;

const isRetryTopic = (topic: string) => topic.endsWith('.retry');

/** The topic a message belongs to: for a retry, the one it first came from. */
export function originalTopicOf(message: Pick<IncomingMessage, 'topic' | 'headers'>): string {
  return isRetryTopic(message.topic)
    ? (message.headers[RETRY_HEADERS.originalTopic] ?? message.topic.slice(0, -'.retry'.length))
    : message.topic;
}

/** The headers of the message as first published: without the bookkeeping of retries and dead letters. */
export function originalHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !k.startsWith('retry-') && !k.startsWith('dlq-')));
}

/** A message that cannot be handled, and why. Replayable from `<topic>.dlq` after a fix. */
export function deadLetter(message: IncomingMessage, groupId: string, reason: string): RawMessage {
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...originalHeaders(message.headers),
      'dlq-reason': reason.slice(0, 500),
      'dlq-original-topic': originalTopicOf(message),
      'dlq-original-partition': String(message.partition),
      'dlq-original-offset': message.offset,
      'dlq-group': groupId,
      'dlq-at': new Date().toISOString(),
      ...(message.headers[RETRY_HEADERS.round] ? { 'dlq-retry-rounds': message.headers[RETRY_HEADERS.round] } : {}),
    },
  };
}

/**
 * The message for one consumer group's next round on `<topic>.retry`: the original message, with
 * the round, the time it may run again, the group it is for (other groups skip it) and the reason.
 */
export function retryLater(
  message: Pick<IncomingMessage, 'key' | 'value' | 'headers' | 'topic'>,
  groupId: string,
  round: number,
  notBefore: Date,
  reason: string,
): RawMessage {
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...originalHeaders(message.headers),
      [RETRY_HEADERS.round]: String(round),
      [RETRY_HEADERS.notBefore]: notBefore.toISOString(),
      [RETRY_HEADERS.group]: groupId,
      [RETRY_HEADERS.originalTopic]: originalTopicOf(message),
      [RETRY_HEADERS.reason]: reason.slice(0, 500),
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Thrown when the bus stops while a retry waits for its time: the message stays uncommitted. */
export class DeliveryInterrupted extends Error {
  constructor() {
    super('delivery interrupted: the bus is stopping');
    this.name = 'DeliveryInterrupted';
  }
}

/** Waits until `notBefore` in short slices, heartbeating, unless the bus stops. */
async function waitUntil(notBefore: number, message: IncomingMessage, signal?: AbortSignal): Promise<void> {
  for (let left = notBefore - Date.now(); left > 0; left = notBefore - Date.now()) {
    if (signal?.aborted) throw new DeliveryInterrupted();
    await sleep(Math.min(left, 1_000));
    await message.heartbeat?.();
  }
  if (signal?.aborted) throw new DeliveryInterrupted();
}

/** A first try's handler failed (DeliveryOptions.firstTry): the message is delivered again the usual way. */
export class FirstTryFailed extends Error {
  constructor(readonly causeError: unknown) {
    super(`first try failed: ${(causeError as Error)?.message ?? String(causeError)}`, { cause: causeError });
    this.name = 'FirstTryFailed';
  }
}

/**
 * The handler failed because infrastructure is away (database unreachable, broker busy), not
 * because the message is bad: such a message must not be dead-lettered. It is left uncommitted so
 * it comes again once the infrastructure is back.
 */
export class InfrastructureUnavailable extends Error {
  constructor(readonly causeError: unknown) {
    super(`infrastructure unavailable: ${(causeError as Error)?.message ?? String(causeError)}`);
    this.name = 'InfrastructureUnavailable';
  }
}

export function isTransientInfrastructureError(error: unknown, depth = 0): boolean {
  const name = (error as { name?: string })?.name ?? '';
  const labels = (error as { errorLabelSet?: Set<string> })?.errorLabelSet;
  // kafkajs wraps the last error of an exhausted retry in KafkaJSNonRetriableError (`cause`: the
  // connection error): a publish inside a handler during a broker outage fails that way, and the
  // good message must not be dead-lettered for it (seen in the broker-kill fault test).
  const cause = (error as { cause?: unknown })?.cause;
  // A pool the driver cleared because its monitor lost the server interrupts the writes in flight
  // (PoolClearedOnNetworkError, label PoolRequestedRetry); a bulk write carries that label over in
  // a MongoBulkWriteError without the original as its cause.
  return (
    /^Mongo(Network|NetworkTimeout|ServerSelection|NotConnected|PoolCleared|TopologyClosed)Error$/.test(name) ||
    name === 'PoolClearedOnNetworkError' ||
    (labels instanceof Set && (labels.has('RetryableWriteError') || labels.has('ResetPool') || labels.has('PoolRequestedRetry'))) ||
    /^KafkaJS(Connection|NumberOfRetriesExceeded|RequestTimeout|Broker(Not)?Found)Error$/.test(name) ||
    (cause !== undefined && cause !== error && depth < 5 && isTransientInfrastructureError(cause, depth + 1))
  );
}

/**
 * Handles one message for one subscription: parse, validate against its contract, skip if this
 * group already handled the event (not checked for an `idempotent` subscription), run the handler
 * (retrying in place with backoff and jitter), and record it as processed (in a fetched batch: with
 * the batch's others, once its handlers settled). A poison message (malformed, wrong schema, unknown version) goes straight
 * to the dead-letter topic with its reason. A handler that keeps failing sends the message to
 * `<topic>.retry` for later rounds (`retryDelaysMillis`), and after the last round to the
 * dead-letter topic; nothing is dropped silently. Throws — so the caller does not commit and the
 * message comes again — when the retry or dead letter cannot be written, when the bus stops while a
 * retry waits, or when the handler kept failing because the database or broker is unreachable
 * (InfrastructureUnavailable): an outage must not dead-letter good messages.
 */
export async function deliver(
  message: IncomingMessage,
  subscription: Subscription,
  handlersByTopic: Map<string, EventHandler>,
  sinkDeadLetter: DeadLetterSink,
  logger: Logger,
  options: DeliveryOptions = DEFAULT_DELIVERY,
): Promise<Exclude<DeliveryResult, 'failed'>> {
  // What the messaging observers (metrics) are told once the delivery ended, whichever way.
  const told: Delivered = { topic: originalTopicOf(message), groupId: subscription.groupId, result: 'failed' };
  try {
    const result = await deliverOnce(message, subscription, handlersByTopic, sinkDeadLetter, logger, options, told);
    told.result = result;
    return result;
  } finally {
    notifyDelivered(told);
  }
}

async function deliverOnce(
  message: IncomingMessage,
  subscription: Subscription,
  handlersByTopic: Map<string, EventHandler>,
  sinkDeadLetter: DeadLetterSink,
  logger: Logger,
  options: DeliveryOptions,
  told: Delivered,
): Promise<Exclude<DeliveryResult, 'failed'>> {
  const { groupId } = subscription;
  const topic = originalTopicOf(message);
  const round = Number(message.headers[RETRY_HEADERS.round] ?? 0) || 0;
  if (isRetryTopic(message.topic)) {
    // One retry topic per topic serves every group: a group takes only its own retries (and replays).
    if (message.headers[RETRY_HEADERS.group] !== groupId) return 'skipped';
    const notBefore = Date.parse(message.headers[RETRY_HEADERS.notBefore] ?? '');
    if (Number.isFinite(notBefore) && notBefore > Date.now()) {
      if (message.defer) {
        // Not due: a copy goes back on the retry topic (this read is committed) and the partition
        // rests until then — the consumer's other partitions and its fetch loop keep moving.
        await sinkDeadLetter(message.topic, { key: message.key, value: message.value, headers: message.headers });
        message.defer(notBefore);
        return 'deferred';
      }
      await waitUntil(notBefore, message, options.signal);
    }
  }
  const toDlq = async (reason: string) => {
    logger.warn('message dead-lettered', { topic, offset: message.offset, groupId, reason, retryRounds: round });
    await sinkDeadLetter(deadLetterTopic(topic), deadLetter(message, groupId, reason));
    return 'dead-lettered' as const;
  };

  const handler = handlersByTopic.get(topic);
  if (!handler) return toDlq(`no handler for topic ${topic}`);

  const decoded = message.decode ? message.decode(handler.contract) : decodeMessage(message.value, handler.contract);
  if (!decoded.ok) return toDlq(decoded.reason);
  const { event } = decoded;

  const batch = message.processedInBatch;
  // An idempotent subscription keeps no log: a batch of it never asks (its check is on the first seen()).
  if (!subscription.idempotent && (await (batch ? batch.seen(event.id) : subscription.processedLog.seen(groupId, event.id))))
    return 'duplicate';

  const parent = extractTraceContext(message.headers);
  // Named and described by the OpenTelemetry messaging conventions (the consumer's `process` span).
  const span = tracer.startSpan(`process ${topic}`, { kind: SpanKind.CONSUMER }, parent);
  // Described only when recorded: with no exporter every span is a non-recording one.
  if (span.isRecording())
    span.setAttributes({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'process',
      'messaging.destination.name': topic,
      'messaging.destination.partition.id': String(message.partition),
      'messaging.kafka.offset': Number(message.offset),
      'messaging.message.body.size': Buffer.byteLength(message.value),
      'hcv.retry_round': round,
      'messaging.consumer.group.name': groupId,
      'messaging.message.id': event.id,
      'hcv.correlation_id': event.correlationId,
    });
  // The chain's start travels on: events the handler publishes carry it (messaging-observer.ts).
  const origin = message.headers[ORIGIN_HEADER] ?? event.time;
  const handlerContext = withOrigin(trace.setSpan(parent, span), origin);
  const started = performance.now();
  try {
    let lastError: unknown;
    for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
      const meta: DeliveryMeta = { topic, partition: message.partition, offset: message.offset, attempt };
      if (message.begun) meta.begun = message.begun;
      try {
        await context.with(handlerContext, () => handler.handle(event, meta));
        const now = Date.now();
        told.hopSeconds = secondsSince(event.time, now);
        told.endToEndSeconds = secondsSince(origin, now);
        // In a batch, the record leaves with the batch's others once its handlers settled (and
        // before its offsets move: BatchProcessedLog); alone, it is written now.
        if (!subscription.idempotent) {
          if (batch) batch.handled(event.id);
          else await subscription.processedLog.record(groupId, event.id);
        }
        return 'handled';
      } catch (error) {
        lastError = error;
        logger.warn('handler failed', { topic, groupId, eventId: event.id, attempt, retryRound: round, error });
        if (attempt < options.maxAttempts) {
          const backoff = options.backoffMillis * 2 ** (attempt - 1);
          await sleep(backoff / 2 + Math.random() * backoff);
        }
      }
    }
    if (options.firstTry) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'first try failed: delivered again' });
      throw new FirstTryFailed(lastError);
    }
    if (isTransientInfrastructureError(lastError)) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'infrastructure unavailable: not committed' });
      throw new InfrastructureUnavailable(lastError);
    }
    const why = (lastError as Error)?.message ?? String(lastError);
    const delays = options.retryDelaysMillis ?? [];
    if (round < delays.length) {
      const notBefore = new Date(Date.now() + delays[round]!);
      span.setStatus({ code: SpanStatusCode.ERROR, message: `retry round ${round + 1} at ${notBefore.toISOString()}` });
      logger.warn('message sent to the retry topic', {
        topic,
        groupId,
        eventId: event.id,
        round: round + 1,
        notBefore: notBefore.toISOString(),
      });
      await sinkDeadLetter(
        retryTopic(topic),
        retryLater(message, groupId, round + 1, notBefore, `handler failed ${options.maxAttempts} times: ${why}`),
      );
      return 'retrying';
    }
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'dead-lettered' });
    const rounds = round ? ` (and in ${round} retry round${round > 1 ? 's' : ''})` : '';
    return await toDlq(`handler failed ${options.maxAttempts} times${rounds}: ${why}`);
  } finally {
    told.handlerSeconds = (performance.now() - started) / 1000;
    span.end();
  }
}

/** Seconds from an ISO time to `now` (never negative: clocks of two hosts differ a little). */
function secondsSince(iso: string, now: number): number | undefined {
  const at = Date.parse(iso);
  return Number.isFinite(at) ? Math.max(0, now - at) / 1000 : undefined;
}

export function handlerMap(subscription: Subscription): Map<string, EventHandler> {
  return new Map(subscription.handlers.map((h) => [h.contract.topic, h]));
}
