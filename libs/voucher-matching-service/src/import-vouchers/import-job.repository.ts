import { plainCopy } from '@hcv/messaging';
import { Schema, type Connection, type Model } from 'mongoose';

export interface RejectedRow {
  line: number;
  field: string;
  reason: string;
}

/** An import of an insurer's voucher file: progress while it runs, the report when it is done. */
export interface ImportJob {
  importId: string;
  state: 'running' | 'completed' | 'failed';
  total: number;
  processed: number;
  imported: number;
  unchanged: number;
  rejectedCount: number;
  /** The first 1,000 rejected rows (line, field, reason); rejectedCount has them all. */
  rejected: RejectedRow[];
  startedAt: string;
  finishedAt?: string;
  error?: string;
}

export interface ImportJobRepository {
  save(job: ImportJob): Promise<void>;
  get(importId: string): Promise<ImportJob | null>;
}

export class InMemoryImportJobRepository implements ImportJobRepository {
  private readonly jobs = new Map<string, ImportJob>();
  async save(job: ImportJob) {
    this.jobs.set(job.importId, plainCopy(job));
  }
  async get(importId: string) {
    const j = this.jobs.get(importId);
    return j ? plainCopy(j) : null;
  }
}

type JobDoc = Omit<ImportJob, 'importId'> & { _id: string };
const schema = new Schema<JobDoc>(
  {
    _id: String,
    state: String,
    total: Number,
    processed: Number,
    imported: Number,
    unchanged: Number,
    rejectedCount: Number,
    rejected: [{ _id: false, line: Number, field: String, reason: String }],
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
    return { importId: _id, ...rest };
  }
}
