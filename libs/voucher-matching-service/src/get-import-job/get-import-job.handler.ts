import { NotFoundError } from '@hcv/domain';
import type { ImportJob, ImportJobRepository } from '../persistence/import-job.repository';

/** A CSV import's progress, and its report (rejected rows: line, field, reason) once done. */
export class GetImportJobHandler {
  constructor(private readonly jobs: ImportJobRepository) {}

  async execute(importId: string): Promise<ImportJob> {
    const job = await this.jobs.get(importId);
    if (!job) throw new NotFoundError('import', importId);
    return job;
  }
}
