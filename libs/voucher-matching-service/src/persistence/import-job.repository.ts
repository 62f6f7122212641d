import type { ImportJobResponse } from '@hcv/contracts';

/** An import of an insurer's voucher file: progress while it runs, the report when it is done (stored as answered). */
export type ImportJob = ImportJobResponse;

export interface ImportJobRepository {
  save(job: ImportJob): Promise<void>;
  get(importId: string): Promise<ImportJob | null>;
}
