import { randomUUID } from 'node:crypto';
import { context, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import { isDefinedEvent, ServiceName, type DataOf, type EventContract, type EventOf } from '@hcv/contracts';
import type { PublishContext, RawMessage } from './message-bus';
import { plainCopy } from './plain-copy';
import { contextFromTraceparent, injectTraceHeaders } from './trace-context';
import { notifyPublished, ORIGIN_HEADER, originOf } from './messaging-observer';

export const tracer = trace.getTracer('@hcv/messaging');

/** An envelope this process built and validated, with the contract that validated it and its text. */
export interface ValidatedEnvelope {
  contract: EventContract;
  envelope: EventOf<EventContract>;
  value: string;
}

/**
 * Envelopes built here, by event id (keyed by id, not by the text: hashing a kilobyte string per
 * event cost more than the id), while an in-process bus wants them (embedded mode:
 * `rememberValidatedEnvelopes`): its consumers' decoding of the very same text with the very same
 * contract object would give the same event again (contracts keep no transform, default or non-JSON
 * type — a test walks them all), so the bus takes the event from here instead of parsing and
 * validating it once more. Bounded: an entry nobody takes (an outbox entry waiting for the sweep, a
 * bus without a consumer for it) drops out after `REMEMBERED` newer ones and is parsed as usual.
 * Kafka mode never turns it on.
 */
const validated = new Map<string, ValidatedEnvelope>();
const REMEMBERED = 20_000;
let remembering = false;

export function rememberValidatedEnvelopes(): void {
  remembering = true;
}

function remember(value: string, contract: EventContract, envelope: EventOf<EventContract>): void {
  if (!remembering) return;
  // A copy: the producer keeps its envelope object and may change it after sending.
  validated.set(envelope.id, { contract, envelope: plainCopy(envelope), value });
  if (validated.size > REMEMBERED) validated.delete(validated.keys().next().value!);
}

/**
 * The envelope this process validated for the message `value` with event id `eventId` (its ce_id
 * header), once: a second message with the same id, or any other text, is parsed as usual.
 */
export function takeValidatedEnvelope(eventId: string | undefined, value: string): ValidatedEnvelope | undefined {
  if (!validated.size || eventId === undefined) return undefined;
  const known = validated.get(eventId);
  if (!known) return undefined;
  validated.delete(eventId);
  return known.value === value ? known : undefined;
}

/** Read once: a getter, and the same for the life of the process. */
const TIME_ORIGIN = performance.timeOrigin;
/** The ISO form (to the millisecond) of the last millisecond an event was stamped in: events come in bursts. */
let stampedMillis = Number.NaN;
let stampedIso = '';

/**
 * Event time with microseconds from the monotonic clock: two events one service publishes in the
 * same millisecond (a voucher presented, then the request it triggers) still sort in order.
 * Date#toISOString runs once per millisecond, not once per event (it was most of this function's cost).
 */
export function eventTime(): string {
  const micros = Math.floor((TIME_ORIGIN + performance.now()) * 1000);
  const millis = Math.floor(micros / 1000);
  if (millis !== stampedMillis) {
    stampedMillis = millis;
    stampedIso = new Date(millis).toISOString().slice(0, 23);
  }
  const sub = micros % 1000;
  return `${stampedIso}${sub < 10 ? '00' : sub < 100 ? '0' : ''}${sub}Z`;
}

const SERVICE_NAMES: ReadonlySet<unknown> = new Set(ServiceName.options);
/** EnvelopeBase's subject, correlationId and causationId: 1 to 128 characters. */
const headerText = (value: unknown) => typeof value === 'string' && value.length >= 1 && value.length <= 128;

/**
 * Builds and validates an envelope; an invalid event is a bug in the producer and throws.
 *
 * For a contract made by defineEvent, only what the caller brings is checked: `data` against the
 * contract's data schema (the costly part) and the caller's header texts and source by hand. The id
 * (randomUUID), time (eventTime), type and version (the contract's own) are built here and valid by
 * construction; parsing them through the envelope schema (a UUID and an ISO-time pattern per event)
 * would add about a third to the validation's cost. Anything that does not pass goes through the full envelope
 * schema, which throws the same error as before (paths under `data`).
 */
export function buildEnvelope<C extends EventContract>(contract: C, data: DataOf<C>, source: ServiceName, ctx: PublishContext): EventOf<C> {
  const { subject, correlationId, causationId } = ctx;
  const id = randomUUID();
  const time = eventTime();
  if (
    isDefinedEvent(contract) &&
    SERVICE_NAMES.has(source) &&
    headerText(subject) &&
    headerText(correlationId) &&
    (!causationId || headerText(causationId))
  ) {
    const parsed = contract.data.safeParse(data);
    if (parsed.success)
      // The same keys, in the same order, as the envelope schema's output.
      return (
        causationId
          ? { id, type: contract.type, version: contract.version, time, source, subject, correlationId, causationId, data: parsed.data }
          : { id, type: contract.type, version: contract.version, time, source, subject, correlationId, data: parsed.data }
      ) as EventOf<C>;
  }
  const candidate = {
    id,
    type: contract.type,
    version: contract.version,
    time,
    source,
    subject,
    correlationId,
    ...(causationId ? { causationId } : {}),
    data,
  };
  return contract.envelope.parse(candidate) as EventOf<C>;
}

/** Envelope fields mirrored in headers, so tools can route and dead-letter without the body. */
export function envelopeHeaders(envelope: EventOf<EventContract>): Record<string, string> {
  return {
    ce_specversion: '1.0',
    ce_id: envelope.id,
    ce_type: envelope.type,
    ce_source: envelope.source,
    ce_time: envelope.time,
    ce_subject: envelope.subject,
    'event-version': String(envelope.version),
    'correlation-id': envelope.correlationId,
    'content-type': 'application/json',
  };
}

/**
 * A PRODUCER span for one event, named and described by the OpenTelemetry messaging conventions:
 * `send <topic>` when it is sent now, `create <topic>` when it is staged for later (the outbox).
 */
function producerSpan(contract: EventContract, envelope: EventOf<EventContract>, ctx: PublishContext, operation: 'send' | 'create') {
  const parent: Context = ctx.traceparent ? contextFromTraceparent(ctx.traceparent) : context.active();
  const span = tracer.startSpan(`${operation} ${contract.topic}`, { kind: SpanKind.PRODUCER }, parent);
  // Described only when recorded: with no exporter every span is a non-recording one.
  if (span.isRecording())
    span.setAttributes({
      'messaging.system': 'kafka',
      'messaging.operation.type': operation,
      'messaging.operation.name': operation,
      'messaging.destination.name': contract.topic,
      'messaging.message.id': envelope.id,
      'hcv.event.type': envelope.type,
      'hcv.correlation_id': envelope.correlationId,
    });
  return { parent, span };
}

/**
 * The headers of an event about to leave: the envelope's, the trace context of its span, and the
 * time its causal chain began (the handler's, or this event's own when it starts a chain).
 */
function outgoingHeaders(envelope: EventOf<EventContract>, spanContext: Context): Record<string, string> {
  const headers = envelopeHeaders(envelope);
  injectTraceHeaders(headers, spanContext);
  headers[ORIGIN_HEADER] = originOf(context.active()) ?? envelope.time;
  return headers;
}

/**
 * Runs `send` inside a PRODUCER span whose context is written into the headers, so the consumer's
 * span becomes its child: one trace from the device's request to the audit record.
 */
export async function withProducerSpan(
  contract: EventContract,
  envelope: EventOf<EventContract>,
  ctx: PublishContext,
  send: (message: RawMessage) => Promise<void>,
): Promise<void> {
  const { parent, span } = producerSpan(contract, envelope, ctx, 'send');
  const headers = outgoingHeaders(envelope, trace.setSpan(parent, span));
  try {
    const value = JSON.stringify(envelope);
    if (span.isRecording()) span.setAttribute('messaging.message.body.size', Buffer.byteLength(value));
    remember(value, contract, envelope);
    await send({ key: envelope.subject, value, headers });
    notifyPublished(envelope, contract.topic);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/** An event built and serialised for later sending (transactional outbox): its id is fixed now. */
export interface StagedEvent<C extends EventContract = EventContract> {
  envelope: EventOf<C>;
  topic: string;
  message: RawMessage;
}

/**
 * Builds, validates and serialises an event without sending it, so it can be stored in the same
 * document as the state change it announces. The trace context (the caller's, or ctx.traceparent)
 * is written into the headers under a PRODUCER "create" span: the consumer's span still joins the
 * request's trace, however late the relay sends it. A re-send carries the same id, so consumers
 * deduplicate it.
 */
export function stageEvent<C extends EventContract>(
  contract: C,
  data: DataOf<C>,
  source: ServiceName,
  ctx: PublishContext,
): StagedEvent<C> {
  const envelope = buildEnvelope(contract, data, source, ctx);
  const { parent, span } = producerSpan(contract, envelope as EventOf<EventContract>, ctx, 'create');
  const headers = outgoingHeaders(envelope as EventOf<EventContract>, trace.setSpan(parent, span));
  const value = JSON.stringify(envelope);
  if (span.isRecording()) span.setAttribute('messaging.message.body.size', Buffer.byteLength(value));
  span.end();
  notifyPublished(envelope as EventOf<EventContract>, contract.topic);
  remember(value, contract, envelope as EventOf<EventContract>);
  return { envelope, topic: contract.topic, message: { key: envelope.subject, value, headers } };
}
