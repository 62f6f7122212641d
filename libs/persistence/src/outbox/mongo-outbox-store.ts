import type { Connection } from 'mongoose';
import { RoundTripCoalescer } from '../round-trip-coalescer';
import type { OutboxEntry, OutboxStore } from './outbox-entry';

/**
 * The outbox of one MongoDB collection: entries live in an `outbox` array on the documents
 * themselves; sending removes them with a single-document `$pull` (entries staged meanwhile stay).
 * Every write of the service dispatches its document's entries at once, so under load many
 * documents are read and marked at the same moment: those reads and `$pull`s are coalesced into one
 * `find … $in` and one ordered `bulkWrite` per round trip (each `$pull` still touches one document).
 */
export class MongoOutboxStore implements OutboxStore {
  private indexed?: Promise<unknown>;
  private readonly reads = new RoundTripCoalescer<string, OutboxEntry[]>(async (ids) => {
    const docs = await this.collection.find({ _id: { $in: [...new Set(ids)] } }, { projection: { outbox: 1 } }).toArray();
    const byId = new Map(docs.map((d) => [d._id, d.outbox ?? []]));
    return ids.map((id) => byId.get(id) ?? []);
  });
  private readonly marks = new RoundTripCoalescer<{ id: string; eventIds: string[] }, undefined>(async (marks) => {
    // Ordered (mongo-java-server mishandles unordered bulk writes); plain updates, never upserts.
    await this.collection.bulkWrite(
      marks.map(({ id, eventIds }) => ({
        updateOne: { filter: { _id: id }, update: { $pull: { outbox: { eventId: { $in: eventIds } } } } },
      })) as never,
      { ordered: true },
    );
    return marks.map(() => undefined);
  });

  /**
   * Offered for a collection whose documents one write creates and no other writer changes
   * (`singleWriter`: insert-once records). There a removal may linger: nobody else reads the
   * document back meanwhile. Where several writers (or instances) write a document, another one's
   * read-back would find the sent entries still there and send them again, so removals leave at
   * once — but for the removal after a document's last write (`lingerFinished`, see
   * `OutboxStore.lingersOnlyFinished`): no later write is expected to read it back.
   */
  readonly markSentMany?: (marks: readonly { id: string; eventIds: string[] }[]) => Promise<void>;
  readonly lingersOnlyFinished?: boolean;

  constructor(
    private readonly connection: Connection,
    readonly name: string,
    options: { singleWriter?: boolean; lingerFinished?: boolean } = {},
  ) {
    if (options.singleWriter || options.lingerFinished) this.markSentMany = (marks) => this.markMany(marks);
    if (!options.singleWriter && options.lingerFinished) this.lingersOnlyFinished = true;
  }

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

  entriesOf(id: string): Promise<OutboxEntry[]> {
    return this.reads.call(id);
  }

  async markSent(id: string, eventIds: string[]): Promise<void> {
    if (!eventIds.length) return;
    await this.marks.call({ id, eventIds });
  }

  private async markMany(marks: readonly { id: string; eventIds: string[] }[]): Promise<void> {
    const some = marks.filter((m) => m.eventIds.length);
    // One request for all of them (or with the next one, if a request of marks is in flight).
    if (some.length) await this.marks.callMany(some);
  }
}
