import type { mongo } from 'mongoose';
import { duplicateKeyIndexes } from './duplicate-key';
import { RoundTripCoalescer } from './round-trip-coalescer';

/** One write of a batch: an insert, or an update (an upsert whose filter holds the condition). */
export type BatchedWrite =
  { insertOne: { document: Record<string, unknown> } } | { updateOne: { filter: object; update: object; upsert?: boolean } };

/**
 * Idempotent writes of many callers sent as one unordered bulkWrite per batch (see
 * RoundTripCoalescer for how batches form): an insert by id, or a conditional upsert whose filter
 * names what it already counted (`{ _id, facts: { $ne: factId } }` with `$push` of the fact). Each
 * call learns whether its write applied or met what was already there: a duplicate key on its own
 * operation (the id taken; for the conditional upsert, the document exists and already counts the
 * fact) answers 'duplicate' for that call only. Any other error fails every call of the batch.
 */
export class BatchedWrites {
  private readonly batches: RoundTripCoalescer<BatchedWrite, 'applied' | 'duplicate'>;

  constructor(collection: mongo.Collection<never>, options: { gatherMillis?: number; maxBatch?: number; maxInFlight?: number } = {}) {
    this.batches = new RoundTripCoalescer(async (writes) => {
      let duplicates = new Set<number>();
      try {
        await collection.bulkWrite(writes as never, { ordered: false });
      } catch (error) {
        duplicates = duplicateKeyIndexes(error, writes.length);
      }
      return writes.map((_, i) => (duplicates.has(i) ? 'duplicate' : 'applied'));
    }, options);
  }

  write(write: BatchedWrite): Promise<'applied' | 'duplicate'> {
    return this.batches.call(write);
  }
}
