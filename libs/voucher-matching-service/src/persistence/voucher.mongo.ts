import { Schema, type Connection, type Model } from 'mongoose';
import { MongoOutboxStore, outboxSchemaPath, pushOutbox, type OutboxEntry, type OutboxStore } from '@hcv/persistence';
import type { Voucher, VoucherUse } from '../domain/voucher';
import type { VoucherRepository } from './voucher.repository';

type VoucherDoc = Omit<Voucher, 'voucherNumber' | 'usedBy'> & { _id: string; usedBy: VoucherUse | null; outbox?: OutboxEntry[] };
const historySchema = new Schema(
  { action: String, sessionId: String, institutionNumber: String, siteId: String, by: String, reason: String, at: String },
  { _id: false },
);
const useSchema = new Schema<VoucherUse>({ sessionId: String, institutionNumber: String, siteId: String, at: String }, { _id: false });
const schema = new Schema<VoucherDoc>(
  {
    _id: String,
    cardType: { type: String, required: true },
    insurerNumber: { type: String, required: true },
    // Keyed digests and masks only: matching compares digests, APIs show masks (domain/voucher.ts, adapters/member-seal.ts).
    member: { _id: false, symbol: String, number: String, branch: String, name: String, birthDate: String },
    masked: { _id: false, symbol: String, number: String, branch: String },
    sex: String,
    validFrom: String,
    validUntil: String,
    fiscalYear: Number,
    checkupContent: String,
    copayment: { type: Schema.Types.Mixed, default: undefined },
    insurerUpperLimit: Number,
    contract: { type: Schema.Types.Mixed, default: undefined },
    guidanceLevel: String,
    importedAt: String,
    usedBy: { type: useSchema, default: null },
    history: { type: [historySchema], default: [] },
    outbox: outboxSchemaPath,
  },
  { collection: 'vouchers', versionKey: false },
);
// Serves the insurer's view of its vouchers (import reports, usage by insurer).
schema.index({ insurerNumber: 1, fiscalYear: 1 });

const toVoucher = ({ _id, usedBy, outbox: _outbox, ...rest }: VoucherDoc): Voucher => ({
  voucherNumber: _id,
  ...rest,
  ...(usedBy ? { usedBy } : {}),
});

export class MongoVoucherRepository implements VoucherRepository {
  private readonly model: Model<VoucherDoc>;
  readonly outbox: OutboxStore;
  constructor(connection: Connection) {
    this.model = connection.models.Voucher ?? connection.model<VoucherDoc>('Voucher', schema);
    this.outbox = new MongoOutboxStore(connection, 'vouchers');
  }
  async importMany(vouchers: Omit<Voucher, 'usedBy'>[]) {
    // One conditional upsert per voucher ($setOnInsert: a re-import never resets a use), 100 at a
    // time. Not bulkWrite: mongo-java-server answered unordered bulk upserts with wrong counts and,
    // under load, an "Unknown error" (seen in CI); single upserts behave the same on both servers.
    let imported = 0;
    for (let i = 0; i < vouchers.length; i += 100) {
      const results = await Promise.all(
        vouchers
          .slice(i, i + 100)
          .map(({ voucherNumber, ...rest }) =>
            this.model.updateOne({ _id: voucherNumber }, { $setOnInsert: { ...rest, usedBy: null } }, { upsert: true }).exec(),
          ),
      );
      imported += results.filter((r) => r.upsertedCount === 1).length;
    }
    return { imported, unchanged: vouchers.length - imported };
  }
  async get(voucherNumber: string) {
    const doc = await this.model.findById(voucherNumber).lean<VoucherDoc>().exec();
    return doc ? toVoucher(doc) : null;
  }
  async claim(voucherNumber: string, use: VoucherUse) {
    // One conditional update is the single-use guarantee: of two devices presenting the same
    // voucher in the same second, exactly one matches `usedBy: null`.
    await this.model
      .updateOne({ _id: voucherNumber, usedBy: null }, { $set: { usedBy: use }, $push: { history: { action: 'used', ...use } } })
      .exec();
    const doc = await this.model.findById(voucherNumber, { usedBy: 1 }).lean<Pick<VoucherDoc, 'usedBy'>>().exec();
    return doc?.usedBy ?? null;
  }
  async write(current: Voucher, next: Voucher, events: readonly OutboxEntry[] = []) {
    const appended = (next.history ?? []).slice((current.history ?? []).length);
    const r = await this.model
      .updateOne(
        {
          _id: current.voucherNumber,
          'usedBy.sessionId': current.usedBy?.sessionId ?? null,
          history: { $size: (current.history ?? []).length },
        },
        { $set: { usedBy: next.usedBy ?? null }, $push: { history: { $each: appended }, ...pushOutbox(events).$push } },
      )
      .exec();
    return r.matchedCount === 1 ? next : null;
  }
}
