import type { mongo } from 'mongoose';
import { BatchedWrites } from './batched-writes';

/**
 * Insert-once writes of one collection, those made in the same turn of the event loop (the
 * events of one consumer batch) sent as one unordered bulk insert (`BatchedWrites`). Each call
 * still learns its own answer: true when its document was inserted, false when its id was taken (a
 * redelivered request already decided, here or in the same insert). Any other error fails every
 * call of that insert.
 *
 * A call waits for nothing but the end of the turn it was made in: several inserts may be in
 * flight at once, so no call waits for another's round trip.
 */
export class InsertOnceBatches<D extends { _id: string }> {
  private readonly writes: BatchedWrites;

  constructor(collection: mongo.Collection<D>, options: { maxInFlight?: number; maxBatch?: number } = {}) {
    this.writes = new BatchedWrites(collection as unknown as mongo.Collection<never>, {
      gatherMillis: 0,
      maxInFlight: options.maxInFlight ?? 16,
      maxBatch: options.maxBatch ?? 500,
    });
  }

  /** Inserts `doc` unless its id exists: true if this call inserted it. */
  async insert(doc: D): Promise<boolean> {
    return (await this.writes.write({ insertOne: { document: doc } })) === 'applied';
  }
}

/** The fields of `doc` that hold a value (the driver would store an undefined one as null). */
export function definedFields<T extends object>(doc: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (v !== undefined) out[k] = v;
  return out as T;
}
