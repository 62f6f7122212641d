import { mongo, Schema, type Connection, type Model } from 'mongoose';
import { DomainError } from '@hcv/domain';
import {
  isDuplicateKeyError,
  MongoOutboxStore,
  RoundTripCoalescer,
  outboxSchemaPath,
  pushOutbox,
  withWriteAttempts,
  type OutboxEntry,
  type OutboxStore,
} from '@hcv/persistence';
import { importedVoucher, voucherId, type ImportedVoucher, type Voucher, type VoucherKey, type VoucherUse } from '../domain/voucher';
import { importRecord } from '../domain/voucher-import';
import { decideUse, presentedOnly, withUse } from '../domain/voucher-use.decide';
import type { ClaimResult, ImportResult, VoucherRepository } from './voucher.repository';

/** A voucher as stored: `_id` = `${insurerNumber}:${voucherNumber}`, the domain shape beside it. */
export type VoucherDoc = Voucher & { _id: string; outbox?: OutboxEntry[] };

// Untyped: the domain shape is stored as it is (Mixed), mongoose only names the paths.
const schema = new Schema(
  {
    _id: String,
    insurerNumber: { type: String, required: true },
    voucherNumber: { type: String, required: true },
    // The insurer's record with member fields as keyed digests and masks only (domain/voucher.ts,
    // adapters/member-seal.ts); stored as given, so a re-import compares with what was imported.
    record: { type: Schema.Types.Mixed, default: undefined },
    reissues: { type: [Schema.Types.Mixed], default: [] },
    uses: { type: [Schema.Types.Mixed], default: [] },
    // Only ever appended to: its length is the version every conditional write checks.
    history: { type: [Schema.Types.Mixed], default: [] },
    outbox: outboxSchemaPath,
  },
  { collection: 'vouchers', versionKey: false, minimize: false },
);
// The same number from several insurers (queries by number); the insurer's view of its vouchers.
schema.index({ voucherNumber: 1 });
schema.index({ insurerNumber: 1, 'record.fiscalYear': 1 });

/** The vouchers collection's model on a connection (the repository's and the migration's). */
export function voucherModel(connection: Connection): Model<VoucherDoc> {
  return (
    (connection.models.Voucher as Model<VoucherDoc> | undefined) ?? (connection.model('Voucher', schema) as unknown as Model<VoucherDoc>)
  );
}

const toVoucher = ({ _id, outbox: _outbox, ...rest }: VoucherDoc): Voucher => ({
  ...rest,
  reissues: rest.reissues ?? [],
  uses: rest.uses ?? [],
  history: rest.history ?? [],
});

/** Vouchers read (one `$in`) and inserted (one insertMany) together. */
const IMPORT_CHUNK = 1_000;
/** Conditional single writes in flight at once (re-issues, first records of presented vouchers, lost races). */
const CONCURRENT_WRITES = 100;

const busy = (id: string) => new DomainError('voucher-changed-concurrently', `Voucher ${id} changed meanwhile; retry.`, 409);

export class MongoVoucherRepository implements VoucherRepository {
  private readonly model: Model<VoucherDoc>;
  /** The same collection without mongoose: new vouchers are inserted as they are, no document model each. */
  private readonly documents: mongo.Collection<VoucherDoc>;
  readonly outbox: OutboxStore;
  /**
   * Reads by key made in the same turn (the matches of one consumer batch) leave as one `$in`;
   * several may be in flight, so no read waits for another's round trip.
   */
  private readonly reads: RoundTripCoalescer<string, VoucherDoc | null>;
  constructor(connection: Connection) {
    this.model = voucherModel(connection);
    this.documents = connection.collection<VoucherDoc>('vouchers');
    this.outbox = new MongoOutboxStore(connection, 'vouchers');
    this.reads = new RoundTripCoalescer(
      async (ids) => {
        const docs = await this.documents.find({ _id: { $in: [...new Set(ids)] } }, { projection: { outbox: 0 } }).toArray();
        const byId = new Map(docs.map((d) => [d._id, d]));
        // The same voucher asked twice in one read: each caller gets its own copy.
        const given = new Set<string>();
        return ids.map((id) => {
          const doc = byId.get(id);
          if (!doc) return null;
          if (given.has(id)) return structuredClone(doc);
          given.add(id);
          return doc;
        });
      },
      { gatherMillis: 0, maxInFlight: 16, maxBatch: 500 },
    );
  }

  async importMany(records: ImportedVoucher[]): Promise<ImportResult> {
    // A chunk at a time: one read of the stored ones, one unordered insertMany of the vouchers that
    // have no document yet, then one conditional write per stored voucher whose record changes. An
    // insert refused as a duplicate key (a claim or another import created the document meanwhile)
    // goes the per-record way: read again, decide again, write conditionally. Changes to stored
    // vouchers stay single writes: a bulk answer counts matches per batch, not per write, so which
    // conditional write lost a race could not be told.
    const result: ImportResult = { imported: 0, reissued: 0, unchanged: 0 };
    for (let i = 0; i < records.length; i += IMPORT_CHUNK) {
      const chunk = records.slice(i, i + IMPORT_CHUNK);
      const docs = await this.model
        .find({ _id: { $in: chunk.map(voucherId) } })
        .lean<VoucherDoc[]>()
        .exec();
      const stored = new Map(docs.map((d) => [d._id, toVoucher(d)]));
      const fresh: ImportedVoucher[] = [];
      const changed: { record: ImportedVoucher; read: Voucher }[] = [];
      for (const record of chunk) {
        const read = stored.get(voucherId(record));
        if (!read) fresh.push(record);
        else if (importRecord(read, record).effect === 'unchanged') result.unchanged++;
        else changed.push({ record, read });
      }
      const raced = await this.insertNew(fresh);
      result.imported += fresh.length - raced.length;
      const again = [...changed, ...raced.map((record) => ({ record, read: undefined }))];
      for (let j = 0; j < again.length; j += CONCURRENT_WRITES) {
        const effects = await Promise.all(again.slice(j, j + CONCURRENT_WRITES).map(({ record, read }) => this.importOne(record, read)));
        for (const effect of effects) result[effect]++;
      }
    }
    return result;
  }

  /**
   * Inserts the first document of each voucher, unordered (a refused one does not stop the rest);
   * returns the records refused because their document exists by now. Judged by each write's
   * error, not by the answer's counts (mongo-java-server counts a refused insert as inserted).
   */
  private async insertNew(records: ImportedVoucher[]): Promise<ImportedVoucher[]> {
    if (!records.length) return [];
    // Stored as the upsert of `insertOnce` stores them (undefined members as null, as mongoose's
    // cast leaves them), so that a re-import compares the same values either way.
    const docs = records.map((record) => ({ _id: voucherId(record), ...importedVoucher(record) }));
    try {
      await this.documents.insertMany(docs, { ordered: false });
      return [];
    } catch (error) {
      const writeErrors =
        error instanceof mongo.MongoBulkWriteError && !error.result.getWriteConcernError() ? [error.writeErrors].flat() : [];
      if (!writeErrors.length || writeErrors.some((e) => e.code !== 11000)) throw error;
      return writeErrors.map((e) => records[e.index]!);
    }
  }

  /** One record's import by a conditional write, on the voucher as read (`undefined`: read it first). */
  private importOne(record: ImportedVoucher, read: Voucher | null | undefined): Promise<keyof ImportResult> {
    const id = voucherId(record);
    return withWriteAttempts(
      async (attempt) => {
        const stored = attempt === 0 && read !== undefined ? read : await this.get(record);
        const effect = importRecord(stored, record);
        if (effect.effect === 'unchanged') return effect.effect;
        if (!stored) return (await this.insertOnce(id, effect.next)) ? effect.effect : undefined;
        const { next } = effect;
        const r = await this.model
          .updateOne(
            {
              _id: id,
              history: { $size: stored.history.length },
              ...(stored.record ? { 'record.importedAt': stored.record.importedAt } : { record: { $exists: false } }),
            },
            {
              $set: { record: next.record },
              ...(effect.effect === 'reissued' ? { $push: { reissues: next.reissues.at(-1), history: next.history.at(-1) } } : {}),
            },
          )
          .exec();
        return r.matchedCount === 1 ? effect.effect : undefined;
      },
      () => busy(id),
    );
  }

  /** Inserts a voucher's first document; false when another write created it meanwhile. */
  private async insertOnce(id: string, voucher: Voucher): Promise<boolean> {
    try {
      const r = await this.model.updateOne({ _id: id }, { $setOnInsert: voucher }, { upsert: true }).exec();
      return r.upsertedCount === 1;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async get(key: VoucherKey) {
    const doc = await this.reads.call(voucherId(key));
    return doc ? toVoucher(doc) : null;
  }

  async findByNumber(voucherNumber: string) {
    const docs = await this.model.find({ voucherNumber }).sort({ _id: 1 }).lean<VoucherDoc[]>().exec();
    return docs.map(toVoucher);
  }

  async claim(key: VoucherKey, use: VoucherUse, read?: Pick<Voucher, 'uses' | 'history'> | null): Promise<ClaimResult> {
    // The single-use guarantee: the rule is decided on the uses as read and written only if the
    // history (only ever appended to) still has the length read. Of many devices presenting the
    // same voucher at once, one write matches; the others read again and meet its use. The
    // caller's copy (read just before) serves the first attempt: a stale copy only fails the write.
    const id = voucherId(key);
    return withWriteAttempts<ClaimResult>(
      async (attempt) => {
        const doc =
          attempt === 0 && read !== undefined ? read : await this.documents.findOne({ _id: id }, { projection: { uses: 1, history: 1 } });
        const decision = decideUse(doc ? { uses: doc.uses ?? [], history: doc.history ?? [] } : null, use);
        if (!decision.granted) return { granted: false, firstUse: decision.firstUse };
        if (decision.repeat) return { granted: true };
        if (!doc) {
          // A voucher never imported (a paper voucher under 集合契約): its document starts with this use.
          const created = await this.insertOnce(id, withUse(presentedOnly(key), use));
          return created ? { granted: true } : undefined;
        }
        const r = await this.model
          .updateOne(
            { _id: id, history: { $size: (doc.history ?? []).length } },
            { $push: { uses: use, history: { action: 'used', ...use } } },
          )
          .exec();
        return r.matchedCount === 1 ? { granted: true } : undefined;
      },
      () => busy(id),
    );
  }

  async write(current: Voucher, next: Voucher, events: readonly OutboxEntry[] = []) {
    const appended = next.history.slice(current.history.length);
    const r = await this.model
      .updateOne(
        { _id: voucherId(current), history: { $size: current.history.length } },
        { $set: { uses: next.uses }, $push: { history: { $each: appended }, ...pushOutbox(events).$push } },
      )
      .exec();
    return r.matchedCount === 1 ? next : null;
  }
}
