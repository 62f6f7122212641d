import { plainCopy } from '@hcv/messaging';
import type { OutboxEntry, OutboxStore, WithOutbox } from './outbox-entry';

/**
 * The outbox of a memory repository (embedded mode): the entries live on the stored objects of the
 * repository's own map, so a state change and its events are still one write.
 */
export class InMemoryOutboxStore implements OutboxStore {
  constructor(
    readonly name: string,
    private readonly docs: Map<string, object>,
  ) {}

  async pending(stagedBefore: string, limit: number): Promise<string[]> {
    const ids: string[] = [];
    for (const [id, doc] of this.docs) {
      if ((doc as WithOutbox).outbox?.some((e) => e.stagedAt <= stagedBefore)) ids.push(id);
      if (ids.length >= limit) break;
    }
    return ids;
  }

  async entriesOf(id: string): Promise<OutboxEntry[]> {
    // Stored entries are frozen and never changed (markSent stores a new array): handing them out
    // in a new array keeps the caller's list apart from the store without copying each entry.
    return (this.docs.get(id) as WithOutbox | undefined)?.outbox?.slice() ?? [];
  }

  async markSent(id: string, eventIds: string[]): Promise<void> {
    const doc = this.docs.get(id) as WithOutbox | undefined;
    if (!doc?.outbox) return;
    const sent = new Set(eventIds);
    const left = doc.outbox.filter((e) => !sent.has(e.eventId));
    // Set to undefined, not deleted: `delete` turns the stored object into a slow dictionary-mode
    // object that every later read and copy of the document pays for (a top cost of embedded mode).
    doc.outbox = left.length ? left : undefined;
  }
}

/**
 * What a memory repository stores for `next`: the object itself plus the outbox it already had and
 * the new entries (the caller's copy of the outbox may be stale: the relay may have sent some).
 */
export function storeWithOutbox<T extends object>(
  stored: object | undefined,
  next: T,
  entries: readonly OutboxEntry[] = [],
): T & WithOutbox {
  // The stale outbox is left out of the copy, not copied and then dropped; the stored one is kept as
  // is (entries frozen, arrays never changed in place), with the new entries after it.
  const copy = copyWithoutOutbox(next) as T & WithOutbox;
  const previous = (stored as WithOutbox | undefined)?.outbox;
  const outbox = entries.length ? [...(previous ?? []), ...storedEntries(entries)] : previous;
  // Always an own property (undefined when empty), so every stored document has the same shape.
  copy.outbox = outbox?.length ? outbox : undefined;
  return copy;
}

/**
 * A memory store's copy of a document without its outbox (what `get` hands out, and what is stored
 * of a caller's object). One pass instead of an object rest (`{ outbox, ...rest }`, slow in V8) and
 * then structuredClone.
 */
export function copyWithoutOutbox<T extends object>(doc: T): Omit<T, 'outbox'> {
  const copy: Record<string, unknown> = {};
  for (const key in doc) if (key !== 'outbox' && Object.hasOwn(doc, key)) copy[key] = plainCopy(doc[key]);
  return copy as Omit<T, 'outbox'>;
}

/** Entries as a memory store keeps them (for a repository that appends to a stored outbox itself). */
export function storedEntries(entries: readonly OutboxEntry[]): OutboxEntry[] {
  return entries.map(storedEntry);
}

/**
 * The store's own entry: its fields are strings but for the flat headers, copied and frozen with it
 * (nobody changes a stored entry; entriesOf hands them out as they are). Also sheds what the relay
 * attaches for the caller's convenience (the non-enumerable envelope), which the store must not keep.
 */
function storedEntry(e: OutboxEntry): OutboxEntry {
  return Object.freeze({
    eventId: e.eventId,
    topic: e.topic,
    key: e.key,
    value: e.value,
    headers: Object.freeze({ ...e.headers }),
    stagedAt: e.stagedAt,
  });
}
