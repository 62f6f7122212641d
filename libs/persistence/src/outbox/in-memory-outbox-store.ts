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
    // Entries are written once and never changed in place (markSent stores a new array), so a
    // copy of each entry is enough to keep the caller's list apart from the store.
    return ((this.docs.get(id) as WithOutbox | undefined)?.outbox ?? []).map(copyEntry);
  }

  async markSent(id: string, eventIds: string[]): Promise<void> {
    const doc = this.docs.get(id) as WithOutbox | undefined;
    if (!doc?.outbox) return;
    const sent = new Set(eventIds);
    doc.outbox = doc.outbox.filter((e) => !sent.has(e.eventId));
    if (!doc.outbox.length) delete doc.outbox;
  }
}

/**
 * What a memory repository stores for `next`: the object itself plus the outbox it already had and
 * the new entries (the caller's copy of the outbox may be stale: the relay may have sent some).
 */
export function storeWithOutbox<T extends object>(stored: object | undefined, next: T, entries: readonly OutboxEntry[] = []): T & WithOutbox {
  // The stale outbox is left out of the copy, not copied and then dropped.
  const rest = copyWithoutOutbox(next);
  const outbox = [...((stored as WithOutbox | undefined)?.outbox ?? []), ...entries.map(copyEntry)];
  return (outbox.length ? { ...rest, outbox } : rest) as T & WithOutbox;
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

/**
 * An entry's own copy: its fields are strings but for the flat headers. Also sheds what the relay
 * attaches for the caller's convenience (the non-enumerable envelope), which the store must not keep.
 */
function copyEntry(e: OutboxEntry): OutboxEntry {
  return { eventId: e.eventId, topic: e.topic, key: e.key, value: e.value, headers: { ...e.headers }, stagedAt: e.stagedAt };
}
