import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ConsumerGroupLag } from '@hcv/messaging';
import { flushPending, PendingCount } from './pending';

/**
 * The process's Prometheus registry and every metric the platform exports: one place, shared by
 * the services (each process serves it at GET /metrics). Labels hold only closed sets — outcome,
 * method, source, topic, consumer group, route template, status, upstream — never an id, a path
 * with ids, or a personal datum. In embedded mode the five services share one process and so one
 * registry: each of their /metrics answers the same text.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

/** Latency buckets (seconds) for the platform's hops and calls: 1 ms to 10 s, about three per decade. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const verifications = new Counter({
  name: 'hcv_verifications_total',
  help: 'Verification outcomes decided (verification.outcome events published), by outcome, eligibility method and source.',
  labelNames: ['outcome', 'method', 'source'] as const,
  registers: [registry],
  // Fed through pending counts (hooks.ts): handed over when the registry is read.
  collect: flushPending,
});

export const eventsPublished = new Counter({
  name: 'hcv_events_published_total',
  help: 'Events built to be sent (sent now, or staged in an outbox to be relayed after their write), by topic.',
  labelNames: ['topic'] as const,
  registers: [registry],
  // Fed through pending counts (hooks.ts): handed over when the registry is read.
  collect: flushPending,
});

export const messagesDelivered = new Counter({
  name: 'hcv_messages_delivered_total',
  help: 'Messages delivered to a consumer group, by topic, group and result (handled, duplicate, retrying, dead-lettered, deferred, skipped, failed).',
  labelNames: ['topic', 'group', 'result'] as const,
  registers: [registry],
  // Fed through pending counts (hooks.ts): handed over when the registry is read.
  collect: flushPending,
});

export const messageRetries = new Counter({
  name: 'hcv_message_retries_total',
  help: 'Messages whose handler kept failing, sent to <topic>.retry for a later round, by topic and group.',
  labelNames: ['topic', 'group'] as const,
  registers: [registry],
  // Fed through pending counts (hooks.ts): handed over when the registry is read.
  collect: flushPending,
});

export const messageDeadLetters = new Counter({
  name: 'hcv_message_dead_letters_total',
  help: 'Messages sent to <topic>.dlq (poison, or failing after the last retry round), by topic and group.',
  labelNames: ['topic', 'group'] as const,
  registers: [registry],
  // Fed through pending counts (hooks.ts): handed over when the registry is read.
  collect: flushPending,
});

export const handlerDuration = new Histogram({
  name: 'hcv_message_handler_duration_seconds',
  help: 'Time a consumer group took to handle one message (in-place tries included), by topic and group.',
  labelNames: ['topic', 'group'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
  // Fed through pending counts (hooks.ts): handed over when the registry is read.
  collect: flushPending,
});

export const hopLatency = new Histogram({
  name: 'hcv_message_hop_latency_seconds',
  help: "Per hop: from an event's publication to the end of its handling by a consumer group, by topic and group.",
  labelNames: ['topic', 'group'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
  // Fed through pending counts (hooks.ts): handed over when the registry is read.
  collect: flushPending,
});

export const endToEndLatency = new Histogram({
  name: 'hcv_message_end_to_end_latency_seconds',
  help: 'End to end: from the first event of the causal chain (e.g. eligibility.requested) to the end of this handling, by topic and group.',
  labelNames: ['topic', 'group'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
  // Fed through pending counts (hooks.ts): handed over when the registry is read.
  collect: flushPending,
});

/** Where each service's consumer lag is read at scrape time (kept apart per service: embedded mode runs five). */
const lagSources = new Map<string, () => Promise<ConsumerGroupLag[]>>();
/** The admin requests behind Kafka's lag are not free: a scrape within this long of the last reuses its answer. */
const LAG_CACHE_MILLIS = 5_000;
let lagRead: { at: number; rows: Promise<{ group: string; topic: string; lag: number }[]> } | undefined;

async function readLag(): Promise<{ group: string; topic: string; lag: number }[]> {
  const rows: { group: string; topic: string; lag: number }[] = [];
  for (const [service, read] of lagSources) {
    let groups: ConsumerGroupLag[];
    try {
      groups = await read();
    } catch {
      continue; // the broker is away: no lag series rather than a failed scrape (readiness tells the outage)
    }
    // Each service reports its own groups (`<service>.<capability>`), not every group on the broker.
    for (const g of groups.filter((g) => g.groupId.startsWith(`${service}.`))) {
      if (g.topics) for (const t of g.topics) rows.push({ group: g.groupId, topic: t.topic, lag: t.lag });
      else rows.push({ group: g.groupId, topic: '', lag: g.lag });
    }
  }
  return rows;
}

export const consumerLag = new Gauge({
  name: 'hcv_consumer_lag_messages',
  help: 'Messages a consumer group has not yet handled, by group and topic (Kafka: high watermark − committed offset; in process: queued, no topic).',
  labelNames: ['group', 'topic'] as const,
  registers: [registry],
  async collect() {
    if (!lagSources.size) return;
    if (!lagRead || Date.now() - lagRead.at > LAG_CACHE_MILLIS) lagRead = { at: Date.now(), rows: readLag() };
    const rows = await lagRead.rows;
    this.reset();
    for (const r of rows) this.set({ group: r.group, topic: r.topic }, r.lag);
  },
});

/** Reads `service`'s consumer lag from its bus at each scrape (the bus's `consumerLag`, when it has one). */
export function watchConsumerLag(service: string, bus: { consumerLag?: () => Promise<ConsumerGroupLag[]> }): void {
  if (bus.consumerLag) lagSources.set(service, () => bus.consumerLag!());
}

export const outboxBacklog = new Gauge({
  name: 'hcv_outbox_backlog_documents',
  help: 'Documents holding outbox entries older than the grace period, as the last sweep of each store found them (capped at the sweep batch).',
  labelNames: ['service', 'store'] as const,
  registers: [registry],
});

export const outboxSent = new Counter({
  name: 'hcv_outbox_sent_total',
  help: 'Outbox entries the relay sent, by service.',
  labelNames: ['service'] as const,
  registers: [registry],
});

export const outboxSendFailures = new Counter({
  name: 'hcv_outbox_send_failures_total',
  help: 'Outbox sends that failed (the entries stay stored for the sweep), by service.',
  labelNames: ['service'] as const,
  registers: [registry],
});

export const nationalSystemDuration = new Histogram({
  name: 'hcv_national_system_request_duration_seconds',
  help: 'One call to the national eligibility system (or the adapter standing for it), by upstream and result.',
  labelNames: ['upstream', 'result'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const nationalSystemErrors = new Counter({
  name: 'hcv_national_system_errors_total',
  help: 'Calls to the national eligibility system that failed (unavailable answer, error, timeout), by upstream and kind.',
  labelNames: ['upstream', 'kind'] as const,
  registers: [registry],
});

/** The breaker's states as numbers, for the gauge and the alert rules. */
export const CIRCUIT_STATE_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

const circuits = new Map<string, () => keyof typeof CIRCUIT_STATE_VALUE>();

export const nationalSystemCircuit = new Gauge({
  name: 'hcv_national_system_circuit_state',
  help: 'Circuit breaker in front of the national eligibility system: 0 closed, 1 half-open, 2 open; by upstream.',
  labelNames: ['upstream'] as const,
  registers: [registry],
  collect() {
    for (const [upstream, state] of circuits) this.set({ upstream }, CIRCUIT_STATE_VALUE[state()]);
  },
});

/** Reads a breaker's state at each scrape. */
export function watchCircuit(upstream: string, state: () => keyof typeof CIRCUIT_STATE_VALUE): void {
  circuits.set(upstream, state);
}

/** One call to the national system ended: `ok` (a final answer), `unavailable` (its answer), `error` (thrown) or `timeout`. */
export function observeNationalSystemCall(upstream: string, result: 'ok' | 'unavailable' | 'error' | 'timeout', seconds: number): void {
  nationalSystemDuration.observe({ upstream, result }, seconds);
  if (result !== 'ok') nationalSystemErrors.inc({ upstream, kind: result });
}

export const httpRequests = new Counter({
  name: 'hcv_http_requests_total',
  help: 'HTTP requests answered, by method, route template (never the raw path) and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
  // Fed through pending counts (hooks.ts): handed over when the registry is read.
  collect: flushPending,
});

export const httpDuration = new Histogram({
  name: 'hcv_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by method, route template and status class (2xx, 4xx, 5xx…).',
  labelNames: ['method', 'route', 'status_class'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
  // Fed through pending observations (hooks.ts): handed over when the registry is read.
  collect: flushPending,
});

export const mongodbCommands = new Counter({
  name: 'hcv_mongodb_commands_total',
  help: "Commands the service sent to its MongoDB database (counted as its connection sends each), by command (find, update, insert, delete, aggregate, getMore, findAndModify, createIndexes…) and collection ('' for a database command); the driver's own hello, isMaster, ping and endSessions (server monitoring, health, session housekeeping) are not counted.",
  labelNames: ['command', 'collection'] as const,
  registers: [registry],
  // Fed through pending counts (below): handed over when the registry is read.
  collect: flushPending,
});

const mongodbCommandCounts = new Map<string, Map<string, PendingCount<'command' | 'collection'>>>();

/**
 * Counts one command of the service's connection (`connectMongo`'s `onCommand`). The label values
 * are closed sets: the driver's command names and the service's own collection names.
 */
export function countMongoCommand(command: string, collection: string): void {
  let byCollection = mongodbCommandCounts.get(command);
  if (!byCollection) mongodbCommandCounts.set(command, (byCollection = new Map()));
  let count = byCollection.get(collection);
  if (!count) byCollection.set(collection, (count = new PendingCount(mongodbCommands, { command, collection })));
  count.inc();
}

/** The text Prometheus scrapes, and its content type. */
export async function metricsText(): Promise<{ contentType: string; text: string }> {
  return { contentType: registry.contentType, text: await registry.metrics() };
}
