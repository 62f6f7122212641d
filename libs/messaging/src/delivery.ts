import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { deadLetterTopic, type EventEnvelope } from '@hcv/contracts';
import type { Logger } from '@hcv/observability';
import type { DeliveryMeta, EventHandler, RawMessage, Subscription } from './message-bus';
import { tracer } from './envelope-codec';
import { extractTraceContext } from './trace-context';

export interface IncomingMessage extends RawMessage {
  topic: string;
  partition: number;
  offset: string;
}

export interface DeliveryOptions {
  /** Tries in this process before the message is dead-lettered. */
  maxAttempts: number;
  backoffMillis: number;
}

export const DEFAULT_DELIVERY: DeliveryOptions = { maxAttempts: 4, backoffMillis: 100 };

export type DeadLetterSink = (topic: string, message: RawMessage) => Promise<void>;

/** A message that cannot be handled, and why. Replayable from `<topic>.dlq` after a fix. */
export function deadLetter(message: IncomingMessage, groupId: string, reason: string): RawMessage {
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      'dlq-reason': reason.slice(0, 500),
      'dlq-original-topic': message.topic,
      'dlq-original-partition': String(message.partition),
      'dlq-original-offset': message.offset,
      'dlq-group': groupId,
      'dlq-at': new Date().toISOString(),
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
  return (
    /^Mongo(Network|NetworkTimeout|ServerSelection|NotConnected|PoolCleared|TopologyClosed)Error$/.test(name) ||
    (labels instanceof Set && (labels.has('RetryableWriteError') || labels.has('ResetPool'))) ||
    /^KafkaJS(Connection|NumberOfRetriesExceeded|RequestTimeout|Broker(Not)?Found)Error$/.test(name) ||
    (cause !== undefined && cause !== error && depth < 5 && isTransientInfrastructureError(cause, depth + 1))
  );
}

/**
 * Handles one message for one subscription: parse, validate against its contract, skip if this
 * group already handled the event, run the handler (retrying with backoff and jitter), and record
 * it as processed. What cannot be handled goes to the dead-letter topic with its reason; nothing is
 * dropped silently. Throws — so the caller does not commit and the message comes again — when
 * even the dead letter cannot be written, or when the handler kept failing because the database or
 * broker is unreachable (InfrastructureUnavailable): an outage must not dead-letter good messages.
 */
export async function deliver(
  message: IncomingMessage,
  subscription: Subscription,
  handlersByTopic: Map<string, EventHandler>,
  sinkDeadLetter: DeadLetterSink,
  logger: Logger,
  options: DeliveryOptions = DEFAULT_DELIVERY,
): Promise<'handled' | 'duplicate' | 'dead-lettered'> {
  const { groupId } = subscription;
  const toDlq = async (reason: string) => {
    logger.warn('message dead-lettered', { topic: message.topic, offset: message.offset, groupId, reason });
    await sinkDeadLetter(deadLetterTopic(message.topic), deadLetter(message, groupId, reason));
    return 'dead-lettered' as const;
  };

  const handler = handlersByTopic.get(message.topic);
  if (!handler) return toDlq(`no handler for topic ${message.topic}`);

  let raw: unknown;
  try {
    raw = JSON.parse(message.value);
  } catch {
    return toDlq('malformed JSON');
  }
  const parsed = handler.contract.envelope.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return toDlq(`schema: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const event = parsed.data as EventEnvelope;

  if (await subscription.processedLog.seen(groupId, event.id)) return 'duplicate';

  const parent = extractTraceContext(message.headers);
  const span = tracer.startSpan(
    `${message.topic} process`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': message.topic,
        'messaging.consumer.group.name': groupId,
        'messaging.message.id': event.id,
        'hcv.correlation_id': event.correlationId,
      },
    },
    parent,
  );
  try {
    let lastError: unknown;
    for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
      const meta: DeliveryMeta = { topic: message.topic, partition: message.partition, offset: message.offset, attempt };
      try {
        await context.with(trace.setSpan(parent, span), () => handler.handle(event, meta));
        await subscription.processedLog.record(groupId, event.id);
        return 'handled';
      } catch (error) {
        lastError = error;
        logger.warn('handler failed', { topic: message.topic, groupId, eventId: event.id, attempt, error });
        if (attempt < options.maxAttempts) {
          const backoff = options.backoffMillis * 2 ** (attempt - 1);
          await sleep(backoff / 2 + Math.random() * backoff);
        }
      }
    }
    if (isTransientInfrastructureError(lastError)) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'infrastructure unavailable: not committed' });
      throw new InfrastructureUnavailable(lastError);
    }
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'dead-lettered' });
    return await toDlq(`handler failed ${options.maxAttempts} times: ${(lastError as Error)?.message ?? String(lastError)}`);
  } finally {
    span.end();
  }
}

export function handlerMap(subscription: Subscription): Map<string, EventHandler> {
  return new Map(subscription.handlers.map((h) => [h.contract.topic, h]));
}
