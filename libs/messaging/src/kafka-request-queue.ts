/**
 * kafkajs 2.2.4's RequestQueue re-arms its "check pending requests" timer after every check, also
 * when nothing is pending and the broker does not throttle: `throttledUntil - Date.now()` is then
 * negative, so the timer fires after 1 ms, checks an empty queue and arms itself again. Every
 * broker connection of a process runs that loop from its first answer on, idle or not: about 1,000
 * timers a second per connection, each a Timeout and a closure (the top allocation site of
 * card-session under the bench), and a wake-up of the process every millisecond
 * (tulios/kafkajs#1556, #1704; unfixed upstream).
 *
 * `scheduleCheckPendingRequests` is replaced by the same function without that case: a queue with
 * nothing pending and no throttle to wait out arms no timer. Nothing is left waiting by it — a
 * request that cannot go at once is pushed as pending and arms the timer itself (`push`), every
 * answer checks the queue (`fulfillRequest`), and a throttle still arms a check for its end.
 */
// Shape of the kafkajs internal this replaces (src/network/requestQueue/index.js, 2.2.4).
interface RequestQueueInternals {
  throttledUntil: number;
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  pending: unknown[];
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs' own interval for a pending request behind a marginal throttle (CHECK_PENDING_REQUESTS_INTERVAL). */
const CHECK_PENDING_REQUESTS_INTERVAL = 10;

/** The version whose RequestQueue this was written against; another version is left as it is. */
export const PATCHED_KAFKAJS_VERSION = '2.2.4';

function scheduleCheckPendingRequests(this: RequestQueueInternals): void {
  if (this.throttleCheckTimeoutId) return;
  let scheduleAt = this.throttledUntil - Date.now();
  if (this.pending.length > 0) scheduleAt = scheduleAt > 0 ? scheduleAt : CHECK_PENDING_REQUESTS_INTERVAL;
  // Nothing pending, nothing throttled: nothing to check (kafkajs armed a 1 ms timer here).
  else if (scheduleAt <= 0) return;
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, scheduleAt);
}

/** What the first application answered, per loader (the default one: `require`, once per process). */
const applied = new WeakMap<(id: string) => unknown, boolean>();

/**
 * Replaces kafkajs' RequestQueue#scheduleCheckPendingRequests (see above); true if the installed
 * kafkajs is the version it was written for and the method is now the fixed one. Applied once: the
 * first call decides and replaces, every later one (every Kafka client built, the runtime asking
 * whether to warn) answers what the first found without loading or replacing anything again.
 */
export function stopIdleRequestQueueTimers(load: (id: string) => unknown = require): boolean {
  const known = applied.get(load);
  if (known !== undefined) return known;
  const fixed = applyOnce(load);
  applied.set(load, fixed);
  return fixed;
}

function applyOnce(load: (id: string) => unknown): boolean {
  const { version } = load('kafkajs/package.json') as { version: string };
  if (version !== PATCHED_KAFKAJS_VERSION) return false;
  const RequestQueue = load('kafkajs/src/network/requestQueue') as { prototype: RequestQueueInternals };
  RequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  return true;
}
