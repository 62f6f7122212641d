import { Schema, type Connection, type Model } from 'mongoose';
import type { ImportJob, ImportJobRepository } from './import-job.repository';

type JobDoc = Omit<ImportJob, 'importId'> & { _id: string };
const schema = new Schema<JobDoc>(
  {
    _id: String,
    state: String,
    layout: String,
    total: Number,
    processed: Number,
    imported: Number,
    reissued: { type: Number, default: 0 },
    unchanged: Number,
    rejectedCount: Number,
    rejected: [{ _id: false, line: Number, field: String, code: String, reason: String }],
    startedAt: String,
    finishedAt: String,
    error: String,
  },
  { collection: 'voucher_imports', versionKey: false },
);

export class MongoImportJobRepository implements ImportJobRepository {
  private readonly model: Model<JobDoc>;
  constructor(connection: Connection) {
    this.model = connection.models.VoucherImport ?? connection.model<JobDoc>('VoucherImport', schema);
  }
  async save({ importId, ...rest }: ImportJob) {
    await this.model.replaceOne({ _id: importId }, rest, { upsert: true }).exec();
  }
  async get(importId: string) {
    const doc = await this.model.findById(importId).lean<JobDoc>().exec();
    if (!doc) return null;
    const { _id, ...rest } = doc;
    // A job stored before re-issues were counted re-issued none.
    return { importId: _id, ...rest, reissued: rest.reissued ?? 0 };
  }
}
