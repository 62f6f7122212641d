import { copyWithoutOutbox, InMemoryOutboxStore, storeWithOutbox } from '../outbox/in-memory-outbox-store';
import type { OutboxEntry } from '../outbox/outbox-entry';
import type { AggregateWrites } from './aggregate-store';

export interface InMemoryAggregateWritesOptions<S> {
  /** The collection's name (for the relay's logs). */
  name: string;
  idOf: (state: S) => string;
  /** The error an insert of a taken id throws; without it, the insert is insert-once (false, nothing written). */
  exists?: (id: string) => Error;
  /** The conditional write's check: is the stored aggregate still the one the change was decided on? */
  unchangedSince: (stored: S, current: S) => boolean;
  /** What is stored for `next` (e.g. its version + 1). */
  stored?: (next: S, current: S) => S;
}

/**
 * The memory twin of a repository's document writes (embedded mode and unit specs): one map of
 * documents, each carrying its outbox, so the state and its events are one write as in MongoDB.
 */
export class InMemoryAggregateWrites<S extends object> implements AggregateWrites<S> {
  readonly docs = new Map<string, S>();
  readonly outbox: InMemoryOutboxStore;

  constructor(private readonly options: InMemoryAggregateWritesOptions<S>) {
    this.outbox = new InMemoryOutboxStore(options.name, this.docs);
  }

  async read(id: string): Promise<S | null> {
    const doc = this.docs.get(id);
    return doc ? (copyWithoutOutbox(doc) as S) : null;
  }

  async insert(state: S, entries: readonly OutboxEntry[]): Promise<boolean> {
    const id = this.options.idOf(state);
    if (this.docs.has(id)) {
      if (this.options.exists) throw this.options.exists(id);
      return false;
    }
    this.docs.set(id, storeWithOutbox(undefined, state, entries));
    return true;
  }

  async write(current: S, next: S, entries: readonly OutboxEntry[]): Promise<S | null> {
    const id = this.options.idOf(current);
    const stored = this.docs.get(id);
    if (!stored || !this.options.unchangedSince(stored, current)) return null;
    const written = this.options.stored ? this.options.stored(next, current) : next;
    this.docs.set(id, storeWithOutbox(stored, written, entries));
    return written;
  }
}
