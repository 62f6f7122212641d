import type { Connection, Model } from 'mongoose';
import { Schema } from 'mongoose';
import type { ProcessedEventLog } from '@hcv/messaging';
import { RoundTripCoalescer } from './round-trip-coalescer';

interface ProcessedEventDoc {
  _id: string;
  groupId: string;
  eventId: string;
  processedAt: Date;
}

const schema = new Schema<ProcessedEventDoc>(
  {
    // `${groupId}|${eventId}`: the primary key itself enforces "once per group".
    _id: { type: String, required: true },
    groupId: { type: String, required: true },
    eventId: { type: String, required: true },
    processedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'processed_events' },
);

/** A write error of an unordered insertMany, as the driver reports it (MongoBulkWriteError). */
interface BulkWriteErrorShape {
  writeErrors?: { code?: number }[] | { code?: number };
  code?: number;
}

/** True when every refused document of an unordered insert was refused as a duplicate (already recorded). */
function onlyDuplicates(error: unknown): boolean {
  const { writeErrors, code } = (error ?? {}) as BulkWriteErrorShape;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return list.length ? list.every((e) => e.code === 11000) : code === 11000;
}

/**
 * Processed-event record per consumer group, in the consuming service's own database. A consumer
 * checks and records every event it handles, up to 2 × (partitions × keys) at once: those calls are
 * coalesced into one `find … $in` and one unordered `insertMany` per round trip (RoundTripCoalescer),
 * instead of two round trips per event. Each call still answers for its own event, after its
 * request completed.
 */
export class MongoProcessedEventLog implements ProcessedEventLog {
  private readonly model: Model<ProcessedEventDoc>;
  private readonly lookups: RoundTripCoalescer<string, boolean>;
  private readonly records: RoundTripCoalescer<{ _id: string; groupId: string; eventId: string }, undefined>;

  constructor(connection: Connection) {
    this.model = connection.models.ProcessedEvent ?? connection.model<ProcessedEventDoc>('ProcessedEvent', schema);
    const collection = this.model.collection;
    this.lookups = new RoundTripCoalescer(async (ids) => {
      const found = new Set(
        (await collection.find({ _id: { $in: [...new Set(ids)] } } as never, { projection: { _id: 1 } }).toArray()).map((d) =>
          String(d._id),
        ),
      );
      return ids.map((id) => found.has(id));
    });
    this.records = new RoundTripCoalescer(async (docs) => {
      const processedAt = new Date();
      // Unordered: one event recorded twice (a redelivery handled at the same moment) refuses only
      // its own document, as a duplicate key, which means "recorded" all the same.
      await collection.insertMany(docs.map((d) => ({ ...d, processedAt })) as never[], { ordered: false }).catch((error: unknown) => {
        if (!onlyDuplicates(error)) throw error;
      });
      return docs.map(() => undefined);
    });
  }

  seen(groupId: string, eventId: string): Promise<boolean> {
    return this.lookups.call(`${groupId}|${eventId}`);
  }

  async record(groupId: string, eventId: string): Promise<void> {
    await this.records.call({ _id: `${groupId}|${eventId}`, groupId, eventId });
  }

  /** A fetched batch's ids in one `find … $in` (with whatever other checks queued meanwhile). */
  async seenMany(groupId: string, eventIds: readonly string[]): Promise<Set<string>> {
    const answers = await this.lookups.callMany(eventIds.map((eventId) => `${groupId}|${eventId}`));
    return new Set(eventIds.filter((_, i) => answers[i]));
  }

  /** A batch's handled events in one unordered `insertMany` (a duplicate means "already recorded"). */
  async recordMany(groupId: string, eventIds: readonly string[]): Promise<void> {
    await this.records.callMany(eventIds.map((eventId) => ({ _id: `${groupId}|${eventId}`, groupId, eventId })));
  }
}
