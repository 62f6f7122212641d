import type { Logger } from '@hcv/observability';
import type { OutboxStore } from './outbox-entry';

/** One document's sent entries to remove (by event id): what `OutboxStore.markSentMany` takes. */
export interface OutboxRemoval {
  id: string;
  eventIds: string[];
}

/** One document of one store, as the relay's per-document maps key it. */
export const documentKey = (store: OutboxStore, id: string): string => `${store.name}\u0000${id}`;

/** A failed removal is tried again after the linger, and after at least this long. */
const RETRY_AFTER_MILLIS = 1_000;

/**
 * The removal (`$pull`) of entries the relay has sent, coalesced per store: a removal that lingers
 * waits `lingerMillis` for the store's others and leaves with them as one request
 * (`OutboxStore.markSentMany`); a removal that does not linger leaves at once and takes the store's
 * lingering ones along. The relay queues a removal only after the send of its entries was
 * acknowledged. Until a removal is acknowledged its event ids are pending (`pendingOf`): the relay
 * leaves them out of a read-back, so it never sends them again meanwhile. A failed removal stays
 * pending and is queued again; a crash meanwhile leaves the entries to the next process's sweep
 * (same event ids; consumers deduplicate).
 */
export class OutboxRemovalQueue {
  /** Per document (`documentKey`): event ids sent whose removal is not acknowledged yet (lingering or in flight). */
  private readonly unmarked = new Map<string, Set<string>>();
  /** Per store: the removals waiting for the next batched request (document id → event ids). */
  private readonly queue = new Map<OutboxStore, Map<string, string[]>>();
  private readonly timers = new Map<OutboxStore, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: { lingerMillis?: number; logger: Logger }) {}

  private get lingerMillis(): number {
    return this.options.lingerMillis ?? 0;
  }

  /**
   * Whether a removal lingers to leave with others (one request for many documents). Lingering
   * leaves sent entries in the document a little longer; the relay never sends them again (they
   * are pending here), but another writer's read-back would. So in a store whose documents several
   * writers change (`lingersOnlyFinished`), only the removal after a document's last write lingers
   * (`finished`: no later write, hence no read-back, is expected; should one come anyway, it sends
   * those entries again with their event ids, which consumers deduplicate, and before its own, so
   * order holds). Every other removal there leaves at once and takes the lingering ones along
   * (`atOnce`), so at any rate above one removal per linger they cost no request of their own.
   */
  lingers(store: OutboxStore, finished: boolean): boolean {
    return this.lingerMillis > 0 && typeof store.markSentMany === 'function' && (!store.lingersOnlyFinished || finished);
  }

  /**
   * The event ids of the document whose removal is not acknowledged yet, as they are now (a copy):
   * taken before a read-back leaves, so a removal acknowledged after that (the read may have found
   * the entries still there) still counts.
   */
  pendingOf(store: OutboxStore, id: string): ReadonlySet<string> | undefined {
    const pending = this.unmarked.get(documentKey(store, id));
    return pending ? new Set(pending) : undefined;
  }

  /** Queues the removal of entries just sent; it leaves with the store's others after the linger. */
  later(store: OutboxStore, id: string, eventIds: readonly string[], after = this.lingerMillis): void {
    const key = documentKey(store, id);
    let pending = this.unmarked.get(key);
    if (!pending) this.unmarked.set(key, (pending = new Set()));
    for (const eventId of eventIds) pending.add(eventId);
    let queue = this.queue.get(store);
    if (!queue) this.queue.set(store, (queue = new Map()));
    queue.set(id, [...(queue.get(id) ?? []), ...eventIds]);
    if (!this.timers.has(store)) {
      const timer = setTimeout(() => void this.flushStore(store), after);
      timer.unref();
      this.timers.set(store, timer);
    }
  }

  /**
   * A removal that does not linger leaves at once, as it always did; removals lingering in the
   * same store leave with it, in the same request, instead of in one of their own after the
   * linger. Its failure is its caller's (as `markSent`'s); the lingering ones are retried as after
   * any failed removal.
   */
  atOnce(store: OutboxStore, id: string, eventIds: string[]): Promise<void> {
    // Only a store offering markSentMany has lingering removals (`lingers`).
    const queued = this.takeQueued(store);
    return queued.length ? this.send(store, queued, { id, eventIds }) : store.markSent(id, eventIds);
  }

  /** Sends every queued removal now and waits for those in flight (the relay's settled, stop). */
  async flush(): Promise<void> {
    await Promise.all([...this.queue.keys()].map((store) => this.flushStore(store)));
    await Promise.all([...this.inFlight]);
  }

  /**
   * Stops waiting (the relay's stop, after its bounded flush): no queued removal leaves by itself
   * any more. What was not removed stays stored: the next process's sweep sends it again (same ids).
   */
  stopTimers(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Takes the store's queued removals out of the queue (they leave now). */
  private takeQueued(store: OutboxStore): OutboxRemoval[] {
    clearTimeout(this.timers.get(store));
    this.timers.delete(store);
    const queue = this.queue.get(store);
    this.queue.delete(store);
    return queue ? [...queue].map(([id, eventIds]) => ({ id, eventIds })) : [];
  }

  /** Sends the store's queued removals as one request; a failed one is queued again (retried). */
  private flushStore(store: OutboxStore): Promise<void> {
    const removals = this.takeQueued(store);
    return removals.length ? this.send(store, removals) : Promise.resolve();
  }

  /** One request for `queued` (and `atOnce`, whose failure is rethrown to its caller); a failed queued one is retried. */
  private send(store: OutboxStore, queued: OutboxRemoval[], atOnce?: OutboxRemoval): Promise<void> {
    const removals = atOnce ? [atOnce, ...queued] : queued;
    const done = store.markSentMany!(removals).then(
      () => {
        for (const { id, eventIds } of queued) {
          const key = documentKey(store, id);
          const pending = this.unmarked.get(key);
          if (!pending) continue;
          for (const eventId of eventIds) pending.delete(eventId);
          if (!pending.size) this.unmarked.delete(key);
        }
      },
      (error: unknown) => {
        // Still in the documents and still not to be sent again here: retried later. A crash
        // meanwhile leaves them to the next process's sweep (same event ids, deduplicated).
        this.options.logger.warn('outbox removal failed; retried', { store: store.name, documents: queued.length, error });
        for (const { id, eventIds } of queued) this.later(store, id, eventIds, Math.max(this.lingerMillis, RETRY_AFTER_MILLIS));
        if (atOnce) throw error;
      },
    );
    const tracked = done.catch(() => undefined);
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
    return done;
  }
}
