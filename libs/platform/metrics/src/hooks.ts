import type { NextFunction, Request, Response } from 'express';
import { observeMessaging, type Delivered, type DeliveryResult } from '@hcv/messaging';
import type { EventEnvelope } from '@hcv/contracts';
import {
  endToEndLatency,
  eventsPublished,
  handlerDuration,
  hopLatency,
  httpDuration,
  httpRequests,
  LATENCY_BUCKETS,
  messageDeadLetters,
  messageRetries,
  messagesDelivered,
  outboxBacklog,
  outboxSendFailures,
  outboxSent,
  verifications,
} from './metrics';
import { PendingCount, PendingObservations } from './pending';

/** Label sets seen so far and their pending series (closed sets: topics, groups, results, the contract's enums). */
const publishedByTopic = new Map<string, PendingCount<'topic'>>();
const verificationsByLabels = new Map<string, PendingCount<'outcome' | 'method' | 'source'>>();

/** The labels of a verification.outcome event: closed sets only (the contract's enums). */
function countVerification(envelope: EventEnvelope): void {
  const data = envelope.data as { outcome?: string; method?: string; source?: string };
  const labels = { outcome: data.outcome ?? 'unknown', method: data.method ?? 'unknown', source: data.source ?? 'unknown' };
  const key = `${labels.outcome}\u0000${labels.method}\u0000${labels.source}`;
  let count = verificationsByLabels.get(key);
  if (!count) verificationsByLabels.set(key, (count = new PendingCount(verifications, labels)));
  count.inc();
}

function published(envelope: EventEnvelope, topic: string): void {
  let count = publishedByTopic.get(topic);
  if (!count) publishedByTopic.set(topic, (count = new PendingCount(eventsPublished, { topic })));
  count.inc();
  if (envelope.type === 'verification.outcome') countVerification(envelope);
}

/** The series of one topic and consumer group. */
class DeliverySeries {
  private readonly results = new Map<DeliveryResult, PendingCount<'topic' | 'group' | 'result'>>();
  readonly retries: PendingCount<'topic' | 'group'>;
  readonly deadLetters: PendingCount<'topic' | 'group'>;
  readonly handler: PendingObservations<'topic' | 'group'>;
  readonly hop: PendingObservations<'topic' | 'group'>;
  readonly endToEnd: PendingObservations<'topic' | 'group'>;

  constructor(private readonly labels: { topic: string; group: string }) {
    this.retries = new PendingCount(messageRetries, labels);
    this.deadLetters = new PendingCount(messageDeadLetters, labels);
    this.handler = new PendingObservations(handlerDuration, labels, LATENCY_BUCKETS);
    this.hop = new PendingObservations(hopLatency, labels, LATENCY_BUCKETS);
    this.endToEnd = new PendingObservations(endToEndLatency, labels, LATENCY_BUCKETS);
  }

  result(result: DeliveryResult): PendingCount<'topic' | 'group' | 'result'> {
    let count = this.results.get(result);
    if (!count) this.results.set(result, (count = new PendingCount(messagesDelivered, { ...this.labels, result })));
    return count;
  }
}

const deliverySeries = new Map<string, Map<string, DeliverySeries>>();

function seriesOf(topic: string, group: string): DeliverySeries {
  let byGroup = deliverySeries.get(topic);
  if (!byGroup) deliverySeries.set(topic, (byGroup = new Map()));
  let series = byGroup.get(group);
  if (!series) byGroup.set(group, (series = new DeliverySeries({ topic, group })));
  return series;
}

function delivered(d: Delivered): void {
  const series = seriesOf(d.topic, d.groupId);
  series.result(d.result).inc();
  if (d.result === 'retrying') series.retries.inc();
  if (d.result === 'dead-lettered') series.deadLetters.inc();
  if (d.handlerSeconds !== undefined) series.handler.observe(d.handlerSeconds);
  // Latency of what was handled (a handler that succeeded before its record failed is redelivered: counted then).
  if (d.result !== 'handled') return;
  if (d.hopSeconds !== undefined) series.hop.observe(d.hopSeconds);
  if (d.endToEndSeconds !== undefined) series.endToEnd.observe(d.endToEndSeconds);
}

let messagingInstalled = false;

/** Counts what the bus does (once per process, however many services it runs). */
export function installMessagingMetrics(): void {
  if (messagingInstalled) return;
  messagingInstalled = true;
  observeMessaging({ published, delivered });
}

/** What the outbox relay of `service` tells (OutboxRelayOptions.observer). */
export function outboxMetrics(service: string) {
  return {
    sent: (count: number) => outboxSent.inc({ service }, count),
    failed: () => outboxSendFailures.inc({ service }),
    swept: (store: string, pendingDocuments: number) => outboxBacklog.set({ service, store }, pendingDocuments),
  };
}

/** The series of one method and route template: a count per status code, a duration histogram per status class. */
class HttpSeries {
  private readonly byStatus = new Map<number, PendingCount<'method' | 'route' | 'status'>>();
  private readonly byClass = new Map<number, PendingObservations<'method' | 'route' | 'status_class'>>();

  constructor(
    private readonly method: string,
    private readonly route: string,
  ) {}

  answered(status: number, seconds: number): void {
    let count = this.byStatus.get(status);
    if (!count)
      this.byStatus.set(
        status,
        (count = new PendingCount(httpRequests, { method: this.method, route: this.route, status: String(status) })),
      );
    count.inc();
    const statusClass = Math.floor(status / 100);
    let durations = this.byClass.get(statusClass);
    if (!durations) {
      const labels = { method: this.method, route: this.route, status_class: `${statusClass}xx` };
      this.byClass.set(statusClass, (durations = new PendingObservations(httpDuration, labels, LATENCY_BUCKETS)));
    }
    durations.observe(seconds);
  }
}

/** By method, then route template (closed sets: the methods Node's parser accepts, the app's routes, `unmatched`). */
const httpSeries = new Map<string, Map<string, HttpSeries>>();

function httpSeriesOf(method: string, route: string): HttpSeries {
  let byRoute = httpSeries.get(method);
  if (!byRoute) httpSeries.set(method, (byRoute = new Map()));
  let series = byRoute.get(route);
  if (!series) byRoute.set(route, (series = new HttpSeries(method, route)));
  return series;
}

/**
 * Express middleware: counts and times every request by its route template (`/sessions/:sessionId`,
 * read from the matched route once answered), never the raw path; a request no route matched
 * (404, or a 405 answered before routing) is `unmatched`. Counted as pending series (handed to
 * prom-client when the registry is read), like the bus's: prom-client hashed and checked the two
 * label sets on every answer.
 */
export function httpMetrics(req: Request, res: Response, next: NextFunction): void {
  const started = performance.now();
  res.once('finish', () => {
    const path = (req.route as { path?: unknown } | undefined)?.path;
    const route = typeof path === 'string' ? `${req.baseUrl}${path}` || '/' : 'unmatched';
    const status = res.statusCode;
    httpSeriesOf(req.method, route).answered(status, (performance.now() - started) / 1000);
  });
  next();
}
