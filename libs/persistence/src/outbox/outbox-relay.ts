import type { DataOf, EventContract, EventOf, ServiceName } from '@hcv/contracts';
import { stageEvent, type PublishContext, type RawMessage } from '@hcv/messaging';
import type { Logger } from '@hcv/observability';
import { toOutboxEntry, type OutboxEntry, type OutboxStore } from './outbox-entry';
import { documentKey, OutboxRemovalQueue } from './outbox-removal-queue';

const messageOf = (entry: OutboxEntry): RawMessage => ({ key: entry.key, value: entry.value, headers: entry.headers });

/** What a use case sees: stage events with its write, then ask for them to be sent. */
export interface Outbox {
  /** Builds the event now (its id is fixed) as an entry to store with the state change. */
  stage<C extends EventContract>(contract: C, data: DataOf<C>, ctx: PublishContext): OutboxEntry & { envelope: EventOf<C> };
  /**
   * Sends the pending entries of one document, in order. Never throws: what cannot be sent stays
   * in the document for the sweep. In the `background` mode (services) it returns at once and the
   * relay sends later: the caller's change and its entries are stored, which is all a request needs
   * to answer, so a broker outage costs the caller nothing. In the `wait` mode it waits for the
   * send, at most `dispatchWaitMillis`.
   *
   * `staged`: the entries the caller's write has just stored in the document (only after the write
   * succeeded and only those it stored — an insert-once that found the document writes nothing).
   * With them the relay need not read the document back when nothing older can be waiting there
   * (the rule is at `OutboxRelay.entriesToSend`); without them it always reads it back.
   */
  dispatch(store: OutboxStore, id: string, staged?: readonly OutboxEntry[], how?: DispatchOptions): Promise<void>;
}

/** What the writer knows about the document its `staged` entries were written to. */
export interface DispatchOptions {
  /** The write inserted the document: `staged` is its whole outbox, nothing older can wait there. */
  created?: boolean;
  /**
   * The write was conditional on the state this process itself stored last (a remembered copy,
   * `RecentCopies`) and succeeded: nobody wrote the document in between, so it holds nothing but
   * `staged` and entries this relay was given before (sent by its earlier drains, chained before this one).
   */
  overOwnWrite?: boolean;
  /**
   * The write stored the document's last state: no later write of it is expected (a finished
   * session). In a store whose documents several writers change (`OutboxStore.lingersOnlyFinished`),
   * only such a document's removal may linger: nobody is expected to write it again and read it
   * back meanwhile (see `OutboxRelay.lingers`).
   */
  finished?: boolean;
}

export interface OutboxRelayOptions {
  source: ServiceName;
  stores: OutboxStore[];
  send: (topic: string, message: RawMessage) => Promise<void>;
  /**
   * Sends one document's entries in order as one publish (the bus's `publishRawAll`: one produce
   * request): resolves once all were acknowledged, rejects if any failed, and publishes none after
   * one that failed. Absent: the entries are sent one at a time, each after the previous one's
   * acknowledgement.
   */
  sendAll?: (messages: readonly { topic: string; message: RawMessage }[]) => Promise<void>;
  logger: Logger;
  /**
   * How often the sweep looks for entries nobody sent (crash between store and send) in a store
   * that may hold some: after start, after a failed send, while a sweep still finds work.
   */
  sweepEveryMillis?: number;
  /**
   * How often every store is swept even when nothing points to pending entries there (another
   * instance's crash). Each sweep is a query on the collection: kept rare for big ones (vouchers).
   */
  fullSweepEveryMillis?: number;
  /** Entries younger than this are left to the writer's own dispatch (another instance may be sending them). */
  graceMillis?: number;
  /**
   * `background`: `dispatch` returns at once and the drain runs behind it, reading the document
   * back (see `entriesToSend`); what a service runs, so that a write request never waits for the
   * broker. `wait` (default): `dispatch` returns after the send or `dispatchWaitMillis`, whichever
   * comes first; for tests and tools that read the sent events right after a write.
   */
  dispatchMode?: 'background' | 'wait';
  dispatchWaitMillis?: number;
  /** Documents per store per sweep. */
  batch?: number;
  /**
   * How long the removal of sent entries (`$pull`) waits for others of the same store, which then
   * leave together (`OutboxStore.markSentMany`: one request for many documents). Off the critical
   * path: the next drain of a document sends without waiting for it, and entries whose removal is
   * pending here are never sent again by this relay. A crash before the removal only re-sends them
   * (same event ids; consumers deduplicate). 0 (default): each drain removes its entries at once.
   * Stores without `markSentMany` (memory) always remove at once.
   */
  markLingerMillis?: number;
  /** Longest the flush at stop() may take (default 10 s). */
  stopFlushMillis?: number;
  /** Told what the relay does (metrics): entries sent, a failed send, what a sweep found pending per store. */
  observer?: OutboxRelayObserver;
}

export interface OutboxRelayObserver {
  sent?(count: number): void;
  failed?(): void;
  /** Documents of `store` holding entries older than the grace period (at most the sweep's batch). */
  swept?(store: string, pendingDocuments: number): void;
}

export interface OutboxRelayStats {
  sent: number;
  failed: number;
  /** Of `sent`, those found by the sweep (not by the writer's dispatch): crash or outage recovery. */
  sentBySweep: number;
}

/**
 * The transactional-outbox relay: a service stores its state change and the events announcing it
 * in one document write; the relay then publishes them and removes them from the document. A crash
 * between the two leaves the entries stored, and the periodic sweep sends them later with the same
 * event ids (consumers deduplicate). One document's entries are sent in order, one drain at a time.
 */
export class OutboxRelay implements Outbox {
  /** Per document: its last drain (`done`) and the moment that drain's sends ended (`sent`). */
  private readonly draining = new Map<string, { sent: Promise<void>; done: Promise<number> }>();
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;
  private readonly totals: OutboxRelayStats = { sent: 0, failed: 0, sentBySweep: 0 };
  /**
   * Stores that may hold entries nobody is sending (all of them at start; one whose send failed),
   * with the time of that reason, and when each was last swept.
   */
  private readonly suspect = new Map<OutboxStore, string>();
  private readonly lastSwept = new Map<OutboxStore, number>();
  /**
   * The removal of sent entries, queued only after their send was acknowledged. Event ids whose
   * removal is not acknowledged yet (lingering or in flight) are left out of a read-back, so this
   * relay never sends one of them again while its removal is pending.
   */
  private readonly removals: OutboxRemovalQueue;

  constructor(private readonly options: OutboxRelayOptions) {
    this.removals = new OutboxRemovalQueue({ lingerMillis: options.markLingerMillis, logger: options.logger });
  }

  stats(): OutboxRelayStats {
    return { ...this.totals };
  }

  stage<C extends EventContract>(contract: C, data: DataOf<C>, ctx: PublishContext): OutboxEntry & { envelope: EventOf<C> } {
    const staged = stageEvent(contract, data, this.options.source, ctx);
    const entry = toOutboxEntry({ ...staged.message, topic: staged.topic, eventId: staged.envelope.id });
    // The envelope is returned for the caller's convenience and is not stored twice.
    return Object.defineProperty(entry, 'envelope', { value: staged.envelope, enumerable: false }) as OutboxEntry & {
      envelope: EventOf<C>;
    };
  }

  async dispatch(store: OutboxStore, id: string, staged?: readonly OutboxEntry[], how: DispatchOptions = {}): Promise<void> {
    if (this.options.dispatchMode === 'background') {
      // The writer's answer does not wait. The drain reads the document back (order across
      // instances) unless the writer knows the document holds nothing another instance staged.
      void this.drain(store, id, how.created || how.overOwnWrite ? staged : undefined, how.finished).catch(() => 0);
      return;
    }
    const wait = this.options.dispatchWaitMillis ?? 5_000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.drain(store, id, staged, how.finished).catch(() => 0),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, wait))),
    ]);
    clearTimeout(timer);
  }

  /** Resolves once every drain started so far has ended (sent or left for the sweep). */
  async settled(): Promise<void> {
    while (this.draining.size) await Promise.all([...this.draining.values()].map((d) => d.done.catch(() => 0)));
    await this.flushMarks();
  }

  /**
   * Starts the periodic sweep; its first tick (one period later, once the producer is connected)
   * finds the entries a previous process left.
   */
  start(): void {
    if (this.timer) return;
    for (const store of this.options.stores) this.suspect.set(store, new Date().toISOString());
    this.timer = setInterval(() => void this.tick(), this.options.sweepEveryMillis ?? 1_000);
    this.timer.unref();
  }

  private tick(): Promise<number> {
    const full = this.options.fullSweepEveryMillis ?? 30_000;
    const due = this.options.stores.filter((s) => this.suspect.has(s) || Date.now() - (this.lastSwept.get(s) ?? 0) >= full);
    return due.length ? this.sweepOnce(due) : Promise.resolve(0);
  }

  /**
   * Stops the sweep and flushes: every entry still pending (whatever its age) is sent now if
   * possible, within `stopFlushMillis` (SIGTERM's drain has a deadline; what is not sent by then
   * stays stored for the next process's sweep).
   */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    let timer: NodeJS.Timeout | undefined;
    const flush = (async () => {
      await this.sweeping?.catch(() => 0);
      await Promise.all([...this.draining.values()].map((d) => d.done.catch(() => 0)));
      await this.flushMarks();
      const sent = await this.sweep('9999-12-31T23:59:59.999Z').catch(() => 0);
      await this.flushMarks();
      return sent;
    })();
    const flushed = await Promise.race([
      flush,
      new Promise<'timed out'>((resolve) => (timer = setTimeout(() => resolve('timed out'), this.options.stopFlushMillis ?? 10_000))),
    ]);
    clearTimeout(timer);
    // What could not be removed stays stored: the next process's sweep sends it again (same ids).
    this.removals.stopTimers();
    this.options.logger.info('outbox relay stopped', { ...this.totals, flushedAtStop: flushed });
  }

  /** One sweep over the stores (default: all); returns how many entries it sent. Never two at once. */
  sweepOnce(stores: OutboxStore[] = this.options.stores): Promise<number> {
    if (this.sweeping) return this.sweeping;
    const cutoff = new Date(Date.now() - (this.options.graceMillis ?? 2_000)).toISOString();
    this.sweeping = this.sweep(cutoff, stores).finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweep(stagedBefore: string, stores: OutboxStore[] = this.options.stores): Promise<number> {
    let sent = 0;
    let failedBefore = this.totals.failed;
    for (const store of stores) {
      let ids: string[];
      try {
        ids = await store.pending(stagedBefore, this.options.batch ?? 200);
      } catch (error) {
        this.options.logger.warn('outbox sweep could not read', { store: store.name, error });
        continue;
      }
      this.lastSwept.set(store, Date.now());
      this.options.observer?.swept?.(store.name, ids.length);
      // Nothing left from before the reason to look (a young entry's writer is still sending it).
      if (!ids.length && (this.suspect.get(store) ?? '') <= stagedBefore) this.suspect.delete(store);
      let storeSent = 0;
      for (const id of ids) storeSent += await this.drain(store, id).catch(() => 0);
      sent += storeSent;
      const failed = this.totals.failed - failedBefore;
      failedBefore = this.totals.failed;
      // One line per sweep that found work: the sign of a crash or an outage being repaired.
      if (ids.length)
        this.options.logger.info('outbox relay sweep', {
          store: store.name,
          documents: ids.length,
          sent: storeSent,
          failed,
          totals: this.stats(),
        });
    }
    this.totals.sentBySweep += sent;
    return sent;
  }

  /**
   * Sends one document's pending entries in order; stops at the first failure (order per key).
   * Drains of one document are chained: a drain sending the writer's `staged` entries starts once
   * the previous drain's sends ended (its `$pull` may still be under way: entries are removed by
   * event id, so the two marks do not meet); a drain that reads the document back starts once the
   * previous one ended, mark included, so it does not read entries already sent.
   */
  private drain(store: OutboxStore, id: string, staged?: readonly OutboxEntry[], finished = false): Promise<number> {
    const key = documentKey(store, id);
    const previous = this.draining.get(key);
    let sendsEnded!: () => void;
    const sent = new Promise<void>((resolve) => (sendsEnded = resolve));
    const done = (async () => {
      try {
        if (previous) {
          await previous.sent;
          if (!staged || this.suspect.has(store)) await previous.done.catch(() => 0);
        }
        return await this.drainNow(store, id, staged, sendsEnded, finished);
      } finally {
        sendsEnded();
      }
    })();
    const entry = { sent, done };
    this.draining.set(key, entry);
    void done
      .finally(() => {
        if (this.draining.get(key) === entry) this.draining.delete(key);
      })
      .catch(() => undefined);
    return done;
  }

  /**
   * What one drain sends. The writer's `staged` entries are the tail of the document's outbox; they
   * are sent as they are, without reading the document back, only when this relay knows nothing
   * older can be waiting before them:
   *  - the store is not suspect: since this relay started, a sweep has found it holding nothing
   *    older than the grace period (a previous process may have left entries), and no send of this
   *    relay has failed in it since (a failed send leaves its entries and marks the store suspect
   *    until a sweep finds them gone);
   *  - no earlier drain of this document is running here: drains of one document are chained, so
   *    this one starts after the earlier one ended — and if that one failed, the store is suspect
   *    by then and this one reads back.
   * Otherwise the document is read back and every pending entry is sent in order, older ones first.
   *
   * In the `background` mode the writer's request has already been answered when its drain runs,
   * so a device's next request may be written by another instance before this one has sent. Such
   * drains read the document back (`dispatch` passes no `staged`): every pending entry in order; an
   * older entry another instance is still sending is sent again before the newer one (same event
   * id, deduplicated), so a consumer never sees the newer one first. Two writes need no read-back
   * in the `background` mode either, because the writer knows what the document holds
   * (`DispatchOptions`), and nothing waits for their send:
   *  - a write that created the document: its outbox is exactly `staged`; a later write by
   *    another instance reads back and sends these first if they are still there;
   *  - a write conditional on the state this process stored last (its remembered copy) that
   *    succeeded: nobody wrote in between, so any older entry there is one this relay was given
   *    before, and its drain is chained before this one (or failed, and the store is suspect).
   *    A write by another instance in between fails the condition: a fresh read, then a read-back.
   *
   * Not sending twice: the fast path sends only this writer's own entries. An entry another
   * instance staged is sent by that instance's dispatch, or by a sweep after the grace period; the
   * read-back (taken only in doubt) may send it too, as before — the same event id, deduplicated by
   * consumers (at-least-once). Order across instances relies on what the platform already does:
   * one document's writes come from one instance at a time (consumers own their keys' partitions;
   * a device's requests are sequential, and in the `wait` mode each returns after its dispatch), and an instance whose
   * send failed leaves the entries to the sweep, which reads back and sends them in order.
   */
  private async entriesToSend(store: OutboxStore, id: string, staged?: readonly OutboxEntry[]): Promise<readonly OutboxEntry[]> {
    if (staged && !this.suspect.has(store)) return staged;
    // Entries sent here whose removal was not acknowledged when the read left may still be in the
    // document: they are not sent again. (A removal acknowledged before the read left is applied.)
    const exclude = this.removals.pendingOf(store, id);
    const entries = await store.entriesOf(id);
    return exclude ? entries.filter((e) => !exclude.has(e.eventId)) : entries;
  }

  /** Sends every queued removal now and waits for those in flight (settled, stop). */
  private flushMarks(): Promise<void> {
    return this.removals.flush();
  }

  private async drainNow(
    store: OutboxStore,
    id: string,
    staged: readonly OutboxEntry[] | undefined,
    sendsEnded: () => void,
    finished = false,
  ): Promise<number> {
    const entries = await this.entriesToSend(store, id, staged).catch((error: unknown) => {
      // Entries may wait there unsent: later drains of the store read back until a sweep found it clean.
      this.suspect.set(store, new Date().toISOString());
      throw error;
    });
    const sent: string[] = [];
    try {
      if (this.options.sendAll && entries.length > 1) {
        // One request for the document's entries instead of one round trip each.
        await this.options.sendAll(entries.map((entry) => ({ topic: entry.topic, message: messageOf(entry) })));
        sent.push(...entries.map((e) => e.eventId));
      } else
        for (const entry of entries) {
          await this.options.send(entry.topic, messageOf(entry));
          sent.push(entry.eventId);
        }
    } catch (error) {
      this.totals.failed++;
      this.options.observer?.failed?.();
      this.suspect.set(store, new Date().toISOString());
      this.options.logger.warn('outbox send failed; left for the sweep', {
        store: store.name,
        topic: entries[sent.length]?.topic,
        eventId: entries[sent.length]?.eventId,
        error,
      });
    } finally {
      // A failed send has marked the store suspect by now: the next drain of this document reads back.
      sendsEnded();
      this.totals.sent += sent.length;
      if (sent.length) this.options.observer?.sent?.(sent.length);
      // If this write fails the entries are sent again later with the same ids: consumers dedupe.
      // They stay in the document meanwhile, so the store is suspect: the next dispatches read it
      // back and the sweep comes soon.
      if (sent.length && this.removals.lingers(store, finished)) this.removals.later(store, id, sent);
      else if (sent.length)
        await this.removals.atOnce(store, id, sent).catch((error: unknown) => {
          this.suspect.set(store, new Date().toISOString());
          throw error;
        });
    }
    return sent.length;
  }
}
