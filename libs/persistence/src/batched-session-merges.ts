import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import type { SessionMerge } from '@hcv/domain';
import { duplicateKeyIndexes } from './duplicate-key';
import { RoundTripCoalescer } from './round-trip-coalescer';
import { MAX_WRITE_ATTEMPTS } from './unit-of-work/aggregate-store';

/** A read model's session document: the session's fields, the ids of the events merged in, and its write stamp. */
type MergeDoc = Record<string, unknown> & { _id: string; events?: string[]; stamp?: string | null };

/** A session's document as this process's last write left it. */
interface Known<T> {
  doc: T;
  events: Set<string>;
  stamp: string;
}

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
 *
 * With `remember`, the find is skipped: the process keeps (bounded) the document each of its writes
 * left, with that write's stamp, and writes the next event of the session on that stamp without
 * reading; a session it holds no copy of is written as new, on a fresh stamp no document carries.
 * Either guess is checked by the same CAS: when another writer changed or created the document
 * (another instance, whose partitions carry some of the session's events), the write misses and the
 * session is read and merged again, as above. The write on a copy does not upsert; when fewer writes
 * matched than were made on copies, the batch reads those sessions' stamps to learn which missed,
 * so a document removed meanwhile (the desk prunes closed sessions) starts anew as it would without
 * the copy. A failed batch forgets every copy (a failed write may yet have landed).
 */
export class BatchedSessionMerges<T extends { sessionId: string }> {
  private readonly batches: RoundTripCoalescer<MergeCall<T>, SessionMerge<T>>;
  /** The sessions this process wrote last, oldest first (Map order), at most `remember`. */
  private readonly known = new Map<string, Known<T>>();
  private readonly remember: number;

  /**
   * @param initial the fields of a session not stored yet (its defaults, set on insert only).
   * @param gatherMillis see RoundTripCoalescer: how long a batch waits for companions.
   * @param remember sessions whose last written document is kept to write on without a read (0: read every batch's sessions).
   */
  constructor(
    private readonly collection: mongo.Collection<MergeDoc>,
    private readonly initial: (sessionId: string) => T,
    options: { gatherMillis?: number; maxBatch?: number; remember?: number } = {},
  ) {
    const { remember = 0, ...batching } = options;
    this.remember = remember;
    // One batch in flight: two batches of this process racing for one session would only make each other read again.
    this.batches = new RoundTripCoalescer((calls) => this.mergeAll(calls), { ...batching, maxInFlight: 1 });
  }

  merge(sessionId: string, patch: Partial<T>, eventId: string): Promise<SessionMerge<T>> {
    return this.batches.call({ sessionId, patch, eventId });
  }

  private async mergeAll(calls: MergeCall<T>[]): Promise<SessionMerge<T>[]> {
    const results = new Array<SessionMerge<T> | undefined>(calls.length);
    let pending = calls.map((_, i) => i);
    try {
      for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS && pending.length; attempt++) {
        // the first attempt trusts the copies; a session that lost its CAS is read
        pending = await this.attempt(calls, pending, results, attempt === 0 && this.remember > 0);
      }
    } catch (error) {
      this.known.clear();
      throw error;
    }
    if (pending.length) throw new Error(`${this.collection.collectionName}: sessions changed concurrently too often`);
    return results as SessionMerge<T>[];
  }

  /**
   * Reads the sessions of the calls (with `trustKnown`: only those; the others are taken from this
   * process's copies or as new), merges them in call order, writes each session once; answers the
   * calls to try again.
   */
  private async attempt(
    calls: MergeCall<T>[],
    indexes: number[],
    results: (SessionMerge<T> | undefined)[],
    trustKnown: boolean,
  ): Promise<number[]> {
    const ids = [...new Set(indexes.map((i) => calls[i]!.sessionId))];
    const read = trustKnown ? [] : ids;
    const stored = new Map((read.length ? await this.collection.find({ _id: { $in: read } }).toArray() : []).map((doc) => [doc._id, doc]));
    const bySession = new Map<string, { indexes: number[]; set: Record<string, unknown>; added: string[]; changed: boolean }>();
    /**
     * Per session: the document the batch merges onto and its events; `copy` when that is this
     * process's copy; `expect` the stamp the write must find (null: none; undefined: no document,
     * matched by the write's own new stamp, which no document carries yet).
     */
    const current = new Map<string, { doc: T | undefined; events: Set<string>; copy?: Known<T>; expect: string | null | undefined }>();
    for (const i of indexes) {
      const { sessionId, patch, eventId } = calls[i]!;
      let state = current.get(sessionId);
      if (!state) {
        const copy = trustKnown ? this.known.get(sessionId) : undefined;
        if (copy) state = { doc: copy.doc, events: new Set(copy.events), copy, expect: copy.stamp };
        else if (trustKnown) state = { doc: undefined, events: new Set(), expect: undefined };
        else {
          const doc = stored.get(sessionId);
          state = { doc: doc ? this.fieldsOf(doc) : undefined, events: new Set(doc?.events ?? []), expect: doc?.stamp ?? null };
        }
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
      // A redelivery that changes nothing is not written (its answer is the stored document) — unless
      // the answer came from a copy: only the write's CAS tells whether the copy is still the stored one.
      write.changed ||=
        !repeated || !before || !!state.copy || Object.entries(patch).some(([k, v]) => (before as Record<string, unknown>)[k] !== v);
      bySession.set(sessionId, write);
    }
    const writes = [...bySession.entries()].filter(([, w]) => w.changed);
    if (!writes.length) return [];
    const stamps = writes.map(() => randomUUID());
    const ops = writes.map(([sessionId, w], op) => {
      const { copy, expect } = current.get(sessionId)!;
      const { sessionId: _s, ...set } = w.set;
      const update = {
        $set: { ...set, stamp: stamps[op] },
        ...(w.added.length ? { $addToSet: { events: { $each: w.added } } } : {}),
      };
      // On a copy: the document must be there as this process left it (no upsert: one removed
      // meanwhile, e.g. pruned, is read again and starts anew, as without the copy).
      if (copy) return { updateOne: { filter: { _id: sessionId, stamp: expect }, update } };
      const { sessionId: _i, ...initial } = this.initial(sessionId) as Record<string, unknown>;
      const onInsert = Object.fromEntries(Object.entries(initial).filter(([k]) => !(k in set)));
      return {
        updateOne: {
          filter: { _id: sessionId, stamp: expect === undefined ? stamps[op] : expect },
          update: { ...update, ...(Object.keys(onInsert).length ? { $setOnInsert: onInsert } : {}) },
          upsert: true,
        },
      };
    });
    let lost = new Set<number>();
    let matched: number;
    try {
      matched = (await this.collection.bulkWrite(ops as never, { ordered: false })).matchedCount;
    } catch (error) {
      // A session changed since it was read (or since this process wrote it, or created by another
      // writer): its upsert collides on _id. Anything else fails the batch.
      lost = duplicateKeyIndexes(error, ops.length);
      matched = (error as { matchedCount?: number }).matchedCount ?? 0;
    }
    // Only the writes on a copy can match (a write as new matches nothing; none was read): when fewer
    // matched than there were, the ones whose document does not carry their new stamp missed.
    const onCopies = writes.flatMap(([sessionId], op) => (current.get(sessionId)!.copy ? [op] : []));
    if (matched < onCopies.length) {
      const ids = onCopies.map((op) => writes[op]![0]);
      const stamped = new Map(
        (await this.collection.find({ _id: { $in: ids } }, { projection: { stamp: 1 } }).toArray()).map((d) => [d._id, d.stamp]),
      );
      for (const op of onCopies) if (stamped.get(writes[op]![0]) !== stamps[op]) lost.add(op);
    }
    if (this.remember > 0) {
      writes.forEach(([sessionId], op) => {
        this.known.delete(sessionId);
        if (lost.has(op)) return;
        const state = current.get(sessionId)!;
        this.known.set(sessionId, { doc: state.doc!, events: state.events, stamp: stamps[op]! });
      });
      for (const oldest of this.known.keys()) {
        if (this.known.size <= this.remember) break;
        this.known.delete(oldest);
      }
    }
    return [...lost].flatMap((op) => writes[op]![1].indexes);
  }

  private fieldsOf(doc: MergeDoc): T {
    const { _id, events: _e, stamp: _s, ...fields } = doc;
    return { ...fields, sessionId: _id } as unknown as T;
  }
}
