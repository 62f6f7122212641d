import type { RejectedRow } from '../domain/voucher-import';

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
