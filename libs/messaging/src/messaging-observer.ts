import { createContextKey, type Context } from '@opentelemetry/api';
import type { EventEnvelope } from '@hcv/contracts';

/** What one delivery of a message to one consumer group came to (deliver()'s answer, or `failed` when it threw). */
export type DeliveryResult = 'handled' | 'duplicate' | 'dead-lettered' | 'retrying' | 'deferred' | 'skipped' | 'failed';

/** One message delivered to one consumer group. */
export interface Delivered {
  topic: string;
  groupId: string;
  result: DeliveryResult;
  /** Seconds the handler took (its in-place tries included); absent when no handler ran. */
  handlerSeconds?: number;
  /** Seconds from the event's publication (its `time`) to the end of its handling; only for `handled`. */
  hopSeconds?: number;
  /** Seconds from the first event of its causal chain (see ORIGIN_HEADER) to the end of its handling; only for `handled`. */
  endToEndSeconds?: number;
}

/**
 * Told what the bus does, for metrics: kept here as plain callbacks so the messaging lib knows no
 * metrics library. Callbacks must be cheap and must not throw (a throw is swallowed and ignored).
 */
export interface MessagingObserver {
  /** An event was built to be sent: sent now, or staged in an outbox to be sent after its write. */
  published?(envelope: EventEnvelope, topic: string): void;
  delivered?(delivery: Delivered): void;
}

const observers = new Set<MessagingObserver>();

/** Adds an observer; returns its removal. */
export function observeMessaging(observer: MessagingObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

export function notifyPublished(envelope: EventEnvelope, topic: string): void {
  if (!observers.size) return;
  for (const o of observers)
    try {
      o.published?.(envelope, topic);
    } catch {
      // An observer is told, never in the way.
    }
}

export function notifyDelivered(delivery: Delivered): void {
  if (!observers.size) return;
  for (const o of observers)
    try {
      o.delivered?.(delivery);
    } catch {
      // An observer is told, never in the way.
    }
}

/**
 * The time the causal chain of an event began: the `time` of the first event of the chain (one the
 * platform published outside any consumer, e.g. from a device's request), carried from event to
 * event in this header. A consumer's handler runs with it in its context, and every event it
 * publishes (sent now or staged) carries it on, so the last consumer of a chain can tell the
 * chain's end-to-end latency.
 */
export const ORIGIN_HEADER = 'hcv-origin-time';
const ORIGIN = createContextKey('hcv-origin-time');

export function withOrigin(ctx: Context, origin: string): Context {
  return ctx.setValue(ORIGIN, origin);
}

export function originOf(ctx: Context): string | undefined {
  return ctx.getValue(ORIGIN) as string | undefined;
}
