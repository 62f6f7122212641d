import type { Decision } from '@hcv/contracts';
import type { PublishContext } from '@hcv/messaging';
import type { OutboxEntry, OutboxStore } from '../outbox/outbox-entry';
import type { DispatchOptions, Outbox } from '../outbox/outbox-relay';

/**
 * How many times one change is decided and written before it is refused as busy: a conditional
 * write that finds the aggregate changed meanwhile reads it again and decides again. The one bound
 * of optimistic retries in the platform.
 */
export const MAX_WRITE_ATTEMPTS = 5;

/**
 * Runs one optimistic write until it stores: `write` answers the stored value, or undefined when it
 * found the document changed meanwhile (it reads again itself). After `MAX_WRITE_ATTEMPTS` such
 * answers, `busy()` is thrown. For writes that are not an aggregate's `update` (a read model's
 * counters, a chain head), so that every optimistic retry in the platform has the same bound.
 */
export async function withWriteAttempts<T>(write: (attempt: number) => Promise<T | undefined>, busy: () => Error): Promise<T> {
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    const stored = await write(attempt);
    if (stored !== undefined) return stored;
  }
  throw busy();
}

/**
 * The writes a repository offers the unit of work: one document per aggregate, the state and its
 * outbox entries written together by a single-document write (memory and MongoDB twins alike).
 */
export interface AggregateWrites<S> {
  /** The collection's outbox (drained by the relay). */
  readonly outbox: OutboxStore;
  read(id: string): Promise<S | null>;
  /**
   * Stores a new aggregate with its entries. When the id is taken, either throws the repository's
   * "exists" error or (an idempotent insert-once) writes nothing and returns false.
   */
  insert(state: S, entries: readonly OutboxEntry[]): Promise<boolean>;
  /**
   * Stores `next` with its entries only if the stored aggregate is still `current` (the
   * repository's check: a version, a state); the stored aggregate, or null when it changed meanwhile.
   */
  write(current: S, next: S, entries: readonly OutboxEntry[]): Promise<S | null>;
}

/**
 * Copies a process keeps of the aggregates it wrote last (served instead of a read; see `update`).
 * Only states this process stored (after a successful write or insert), never one it read, and
 * only over writes whose check notices any other write (a version): a write over a copy that
 * succeeds tells the outbox relay that nobody else wrote the document in between.
 */
export interface RecentCopies<S> {
  /**
   * false when the copies come from reads (a query's results), not from this process's own writes:
   * a write over such a copy is not known to leave only this relay's entries in the document, so
   * its drain reads the document back. Absent: the copies are this process's own writes.
   */
  readonly ownWrites?: false;
  recall(id: string): S | undefined;
  remember(state: S): void;
  forget(id: string): void;
}

export interface AggregateStoreOptions<S> {
  writes: AggregateWrites<S>;
  /** The aggregate's id: its document's id and its events' subject. */
  idOf: (state: S) => string;
  outbox: Outbox;
  /** The context every event of the aggregate is staged with: subject, correlation id, trace. */
  context: (state: S) => PublishContext;
  /** The error for an id that is not stored. */
  missing: (id: string) => Error;
  /** The error once `MAX_WRITE_ATTEMPTS` writes found the aggregate changed. */
  busy: (id: string) => Error;
  /**
   * Runs once after a write stored a change (and its events were handed to the relay): effects
   * outside the document that follow from the new state (freeing a device's slot). `before` is
   * undefined after a create.
   */
  afterCommit?: (after: S, before: S | undefined) => Promise<void> | void;
  recent?: RecentCopies<S>;
  /**
   * Whether a stored state is the aggregate's last (no later write is expected: a finished
   * session). Told to the outbox (`DispatchOptions.finished`): the removal of such a write's sent
   * events may linger where other removals may not.
   */
  finished?: (state: S) => boolean;
}

export interface UpdateOptions {
  /** Overrides of the aggregate's context for this change's events (the event that caused it). */
  context?: Partial<PublishContext>;
  /** The error for a missing id, when this change has its own (default: the store's). */
  missing?: (id: string) => Error;
}

/**
 * The unit of work over one kind of aggregate. `update(id, decide)` reads the aggregate, asks the
 * pure rule for `{ state, events }`, stages the events with the aggregate's context and writes
 * them in the same conditional document write as the state; a write that finds the aggregate
 * changed reads again and decides again (bounded by `MAX_WRITE_ATTEMPTS`, then `busy`). Once
 * stored, the events are dispatched and the post-commit hook runs. A rule that throws leaves
 * nothing written; a decision that changes nothing (same state, no events) writes nothing.
 */
export class AggregateStore<S> {
  constructor(private readonly options: AggregateStoreOptions<S>) {}

  get(id: string): Promise<S | null> {
    return this.options.writes.read(id);
  }

  /**
   * Stores a new aggregate and its events (one write), then dispatches and runs the hook; false if
   * an insert-once found the id taken (nothing written, sent or hooked).
   */
  async create(decision: Decision<S>, options: Pick<UpdateOptions, 'context'> = {}): Promise<boolean> {
    const entries = this.stage(decision, options);
    if (!(await this.options.writes.insert(decision.state, entries))) return false;
    this.options.recent?.remember(decision.state);
    await this.committed(decision.state, undefined, entries, { created: true, ...this.finishedIn(decision.state) });
    return true;
  }

  /**
   * Applies `decide` to the stored aggregate (see the class). A copy remembered by `recent` is
   * served instead of a read: a stale one fails the conditional write, and a rule that refuses it
   * is asked again on a fresh read, so no refusal rests on a stale copy.
   */
  async update(id: string, decide: (state: S) => Decision<S>, options: UpdateOptions = {}): Promise<S> {
    const { writes, recent } = this.options;
    let copy = recent?.recall(id);
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS;) {
      const overOwnWrite = copy !== undefined && recent?.ownWrites !== false;
      const current = copy ?? (await writes.read(id));
      if (!current) throw (options.missing ?? this.options.missing)(id);
      let decision: Decision<S>;
      try {
        decision = decide(current);
      } catch (error) {
        if (!copy) throw error;
        recent?.forget(id);
        copy = undefined;
        continue;
      }
      copy = undefined;
      if (decision.state === current && !decision.events.length) return current;
      const entries = this.stage(decision, options);
      const stored = await writes.write(current, decision.state, entries);
      if (!stored) {
        // Changed meanwhile: read again and decide again (the events are staged anew).
        recent?.forget(id);
        attempt++;
        continue;
      }
      recent?.remember(stored);
      // Written over this process's own copy: the document holds no other writer's entries.
      await this.committed(stored, current, entries, { overOwnWrite, ...this.finishedIn(stored) });
      return stored;
    }
    throw this.options.busy(id);
  }

  private finishedIn(state: S): Pick<DispatchOptions, 'finished'> {
    return this.options.finished?.(state) ? { finished: true } : {};
  }

  private stage(decision: Decision<S>, options: Pick<UpdateOptions, 'context'>): OutboxEntry[] {
    if (!decision.events.length) return [];
    const context = { ...this.options.context(decision.state), ...options.context };
    return decision.events.map((e) => this.options.outbox.stage(e.contract, e.data as never, context));
  }

  private async committed(after: S, before: S | undefined, entries: readonly OutboxEntry[], how: DispatchOptions): Promise<void> {
    if (entries.length) await this.options.outbox.dispatch(this.options.writes.outbox, this.options.idOf(after), entries, how);
    await this.options.afterCommit?.(after, before);
  }
}
