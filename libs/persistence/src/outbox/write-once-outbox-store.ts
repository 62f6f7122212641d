import type { OutboxEntry, OutboxStore } from './outbox-entry';

/** Documents whose inserted entries are kept until their first drain asks for them (a bound, not a cache size to tune). */
const DEFAULT_REMEMBERED = 10_000;

/**
 * The outbox of a collection whose documents are written once (an insert-once keyed by a session or
 * a request event) and never changed afterwards except by the relay's marks. Such a document's
 * pending entries are exactly what its insert stored, minus what was sent: so when this process's
 * insert has just stored them, the first drain that asks for them (the writer's own dispatch, in the
 * relay's `background` mode) is answered from memory instead of by reading the document back — the
 * outcome leaves one database round trip sooner, and the writer waits for nothing more than before.
 *
 * Only the first question is answered from memory; every later one (a drain after a failed send,
 * a sweep) reads the document, as the inner store does. Another instance never inserts the same
 * document (its insert-once writes nothing, so it remembers nothing), and nobody else adds entries
 * to it, so the entries remembered are the document's, in order.
 */
export class WriteOnceOutboxStore implements OutboxStore {
  private readonly inserted = new Map<string, readonly OutboxEntry[]>();

  constructor(
    private readonly inner: OutboxStore,
    private readonly maxRemembered = DEFAULT_REMEMBERED,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  /**
   * The entries this process's insert has just stored with document `id` (call only after the
   * insert reported it created the document). Past the bound the oldest are forgotten: their drain
   * reads the document back.
   */
  remember(id: string, entries: readonly OutboxEntry[]): void {
    if (!entries.length) return;
    if (this.inserted.size >= this.maxRemembered) this.inserted.delete(this.inserted.keys().next().value!);
    this.inserted.set(id, entries);
  }

  pending(stagedBefore: string, limit: number): Promise<string[]> {
    return this.inner.pending(stagedBefore, limit);
  }

  entriesOf(id: string): Promise<OutboxEntry[]> {
    const entries = this.inserted.get(id);
    if (!entries) return this.inner.entriesOf(id);
    this.inserted.delete(id);
    return Promise.resolve([...entries]);
  }

  markSent(id: string, eventIds: string[]): Promise<void> {
    this.inserted.delete(id);
    return this.inner.markSent(id, eventIds);
  }
}
