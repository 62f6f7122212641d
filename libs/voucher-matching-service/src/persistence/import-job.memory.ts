import { plainCopy } from '@hcv/messaging';
import type { ImportJob, ImportJobRepository } from './import-job.repository';

/** Import jobs in a map (embedded mode, unit specs). */
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
