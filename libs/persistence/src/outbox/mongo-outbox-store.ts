import type { Connection } from 'mongoose';
import type { OutboxEntry, OutboxStore } from './outbox-entry';

/**
 * The outbox of one MongoDB collection: entries live in an `outbox` array on the documents
 * themselves; sending removes them with a single-document `$pull` (entries staged meanwhile stay).
 */
export class MongoOutboxStore implements OutboxStore {
  private indexed?: Promise<unknown>;
  constructor(
    private readonly connection: Connection,
    readonly name: string,
  ) {}

  private get collection() {
    return this.connection.collection<{ _id: string; outbox?: OutboxEntry[] }>(this.name);
  }

  async pending(stagedBefore: string, limit: number): Promise<string[]> {
    // Serves the sweep: documents with an entry older than the grace period (multikey index).
    this.indexed ??= this.collection.createIndex({ 'outbox.stagedAt': 1 }).catch(() => (this.indexed = undefined));
    const docs = await this.collection
      .find({ 'outbox.stagedAt': { $lte: stagedBefore } }, { projection: { _id: 1 } })
      .limit(limit)
      .toArray();
    return docs.map((d) => d._id);
  }

  async entriesOf(id: string): Promise<OutboxEntry[]> {
    const doc = await this.collection.findOne({ _id: id }, { projection: { outbox: 1 } });
    return doc?.outbox ?? [];
  }

  async markSent(id: string, eventIds: string[]): Promise<void> {
    if (!eventIds.length) return;
    await this.collection.updateOne({ _id: id }, { $pull: { outbox: { eventId: { $in: eventIds } } } });
  }
}
