import type { NextFunction, Request, Response } from 'express';
import { observeMessaging, type Delivered } from '@hcv/messaging';
import type { EventEnvelope } from '@hcv/contracts';
import {
  endToEndLatency,
  eventsPublished,
  handlerDuration,
  hopLatency,
  httpDuration,
  httpRequests,
  messageDeadLetters,
  messageRetries,
  messagesDelivered,
  outboxBacklog,
  outboxSendFailures,
  outboxSent,
  verifications,
} from './metrics';

/** The labels of a verification.outcome event: closed sets only (the contract's enums). */
function countVerification(envelope: EventEnvelope): void {
  const data = envelope.data as { outcome?: string; method?: string; source?: string };
  verifications.inc({ outcome: data.outcome ?? 'unknown', method: data.method ?? 'unknown', source: data.source ?? 'unknown' });
}

function delivered(d: Delivered): void {
  const labels = { topic: d.topic, group: d.groupId };
  messagesDelivered.inc({ ...labels, result: d.result });
  if (d.result === 'retrying') messageRetries.inc(labels);
  if (d.result === 'dead-lettered') messageDeadLetters.inc(labels);
  if (d.handlerSeconds !== undefined) handlerDuration.observe(labels, d.handlerSeconds);
  // Latency of what was handled (a handler that succeeded before its record failed is redelivered: counted then).
  if (d.result !== 'handled') return;
  if (d.hopSeconds !== undefined) hopLatency.observe(labels, d.hopSeconds);
  if (d.endToEndSeconds !== undefined) endToEndLatency.observe(labels, d.endToEndSeconds);
}

let messagingInstalled = false;

/** Counts what the bus does (once per process, however many services it runs). */
export function installMessagingMetrics(): void {
  if (messagingInstalled) return;
  messagingInstalled = true;
  observeMessaging({
    published(envelope, topic) {
      eventsPublished.inc({ topic });
      if (envelope.type === 'verification.outcome') countVerification(envelope);
    },
    delivered,
  });
}

/** What the outbox relay of `service` tells (OutboxRelayOptions.observer). */
export function outboxMetrics(service: string) {
  return {
    sent: (count: number) => outboxSent.inc({ service }, count),
    failed: () => outboxSendFailures.inc({ service }),
    swept: (store: string, pendingDocuments: number) => outboxBacklog.set({ service, store }, pendingDocuments),
  };
}

/**
 * Express middleware: counts and times every request by its route template (`/sessions/:sessionId`,
 * read from the matched route once answered), never the raw path; a request no route matched
 * (404, or a 405 answered before routing) is `unmatched`.
 */
export function httpMetrics(req: Request, res: Response, next: NextFunction): void {
  const started = performance.now();
  res.once('finish', () => {
    const path = (req.route as { path?: unknown } | undefined)?.path;
    const route = typeof path === 'string' ? `${req.baseUrl}${path}` || '/' : 'unmatched';
    const status = res.statusCode;
    httpRequests.inc({ method: req.method, route, status: String(status) });
    httpDuration.observe(
      { method: req.method, route, status_class: `${Math.floor(status / 100)}xx` },
      (performance.now() - started) / 1000,
    );
  });
  next();
}
