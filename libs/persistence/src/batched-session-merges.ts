import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import type { SessionMerge } from '@hcv/domain';
import { duplicateKeyIndexes } from './duplicate-key';
import { RoundTripCoalescer } from './round-trip-coalescer';
import { MAX_WRITE_ATTEMPTS } from './unit-of-work/aggregate-store';

/** A read model's session document: the session's fields, the ids of the events merged in, and its write stamp. */
type MergeDoc = Record<string, unknown> & { _id: string; events?: string[]; stamp?: string | null };

interface MergeCall<T> {
  sessionId: string;
  patch: Partial<T>;
  eventId: string;
}

/**
 * Merges events into per-session read-model documents (analytics facts, the desk's sessions) the way
 * a findAndModify with `returnDocument: 'before'` does — each call learns the document before and
 * after its event and whether the event was already merged (SessionMerge), so the caller counts a
 * session exactly once — but for all the calls gathered in one batch with two round trips: one
 * find of the batch's sessions, then one unordered bulkWrite with one conditional update per session.
 *
 * The update of a session matches only the stamp it was read with (a random token renewed by every
 * write; null for a document not yet stamped or not there): if another writer (another instance, a
 * batch of this process still in flight) changed the document in between, the filter misses, the
 * upsert collides on `_id`, and that session's calls are read and merged again — so `before` is
 * always the stored document the write replaced, as with the single-document findAndModify. Fields
 * are written with `$set` of the event's fields and events with `$addToSet`, never by replacing the
 * document, so a writer that does not stamp (an older instance during an upgrade) loses nothing.
 */
export class BatchedSessionMerges<T extends { sessionId: string }> {
  private readonly batches: RoundTripCoalescer<MergeCall<T>, SessionMerge<T>>;

  /**
   * @param initial the fields of a session not stored yet (its defaults, set on insert only).
   * @param gatherMillis see RoundTripCoalescer: how long a batch waits for companions.
   */
  constructor(
    private readonly collection: mongo.Collection<MergeDoc>,
    private readonly initial: (sessionId: string) => T,
    options: { gatherMillis?: number; maxBatch?: number } = {},
  ) {
    // One batch in flight: two batches of this process racing for one session would only make each other read again.
    this.batches = new RoundTripCoalescer((calls) => this.mergeAll(calls), { ...options, maxInFlight: 1 });
  }

  merge(sessionId: string, patch: Partial<T>, eventId: string): Promise<SessionMerge<T>> {
    return this.batches.call({ sessionId, patch, eventId });
  }

  private async mergeAll(calls: MergeCall<T>[]): Promise<SessionMerge<T>[]> {
    const results = new Array<SessionMerge<T> | undefined>(calls.length);
    let pending = calls.map((_, i) => i);
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS && pending.length; attempt++) {
      pending = await this.attempt(calls, pending, results);
    }
    if (pending.length) throw new Error(`${this.collection.collectionName}: sessions changed concurrently too often`);
    return results as SessionMerge<T>[];
  }

  /** Reads the sessions of the calls, merges them in call order, writes each session once; answers the calls to try again. */
  private async attempt(calls: MergeCall<T>[], indexes: number[], results: (SessionMerge<T> | undefined)[]): Promise<number[]> {
    const ids = [...new Set(indexes.map((i) => calls[i]!.sessionId))];
    const stored = new Map((await this.collection.find({ _id: { $in: ids } }).toArray()).map((doc) => [doc._id, doc]));
    const bySession = new Map<string, { indexes: number[]; set: Record<string, unknown>; added: string[]; changed: boolean }>();
    const current = new Map<string, { doc: T | undefined; events: Set<string> }>();
    for (const i of indexes) {
      const { sessionId, patch, eventId } = calls[i]!;
      let state = current.get(sessionId);
      if (!state) {
        const doc = stored.get(sessionId);
        state = { doc: doc ? this.fieldsOf(doc) : undefined, events: new Set(doc?.events ?? []) };
        current.set(sessionId, state);
      }
      const before = state.doc;
      const after = { ...(before ?? this.initial(sessionId)), ...patch, sessionId } as T;
      const repeated = state.events.has(eventId);
      results[i] = { before: before && { ...before }, after: { ...after }, repeated };
      state.doc = after;
      state.events.add(eventId);
      const write = bySession.get(sessionId) ?? { indexes: [], set: {}, added: [], changed: false };
      write.indexes.push(i);
      Object.assign(write.set, patch);
      if (!repeated) write.added.push(eventId);
      // A redelivery that changes nothing is not written (its answer is the stored document).
      write.changed ||= !repeated || !before || Object.entries(patch).some(([k, v]) => (before as Record<string, unknown>)[k] !== v);
      bySession.set(sessionId, write);
    }
    const writes = [...bySession.entries()].filter(([, w]) => w.changed);
    if (!writes.length) return [];
    const ops = writes.map(([sessionId, w]) => {
      const { sessionId: _s, ...set } = w.set;
      const { sessionId: _i, ...initial } = this.initial(sessionId) as Record<string, unknown>;
      const onInsert = Object.fromEntries(Object.entries(initial).filter(([k]) => !(k in set)));
      return {
        updateOne: {
          filter: { _id: sessionId, stamp: stored.get(sessionId)?.stamp ?? null },
          update: {
            $set: { ...set, stamp: randomUUID() },
            ...(w.added.length ? { $addToSet: { events: { $each: w.added } } } : {}),
            ...(Object.keys(onInsert).length ? { $setOnInsert: onInsert } : {}),
          },
          upsert: true,
        },
      };
    });
    let lost = new Set<number>();
    try {
      await this.collection.bulkWrite(ops as never, { ordered: false });
    } catch (error) {
      // A session changed since it was read: its upsert collides on _id. Anything else fails the batch.
      lost = duplicateKeyIndexes(error, ops.length);
    }
    return [...lost].flatMap((op) => writes[op]![1].indexes);
  }

  private fieldsOf(doc: MergeDoc): T {
    const { _id, events: _e, stamp: _s, ...fields } = doc;
    return { ...fields, sessionId: _id } as unknown as T;
  }
}
