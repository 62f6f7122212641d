// The import-job port's behaviour as one list of cases, run on the memory adapter
// (import-job.memory.unit.spec.ts) and on MongoDB (import-job.mongo.int.spec.ts).
import { randomUUID } from 'node:crypto';
import type { ImportJob, ImportJobRepository } from './import-job.repository';

const aJob = (): ImportJob => ({
  importId: randomUUID(),
  state: 'running',
  layout: 'japanese-roster',
  total: 3,
  processed: 0,
  imported: 0,
  reissued: 0,
  unchanged: 0,
  rejectedCount: 0,
  rejected: [],
  startedAt: '2026-05-01T00:00:00.000Z',
});

export function importJobRepositoryContract(make: () => Promise<{ repo: ImportJobRepository; cleanup?: () => Promise<void> }>): void {
  async function withRepo(test: (repo: ImportJobRepository) => Promise<void>) {
    const { repo, cleanup } = await make();
    try {
      await test(repo);
    } finally {
      await cleanup?.();
    }
  }

  it('reads back a job as it was saved; null for an unknown id', () =>
    withRepo(async (repo) => {
      const job = aJob();
      await repo.save(job);
      expect(await repo.get(job.importId)).toEqual(job);
      expect(await repo.get(randomUUID())).toBeNull();
    }));

  it('keeps the last save of a job (progress, then the report with its rejected rows)', () =>
    withRepo(async (repo) => {
      const job = aJob();
      await repo.save(job);
      await repo.save({
        ...job,
        processed: 2,
        imported: 1,
        rejectedCount: 1,
        rejected: [{ line: 3, field: '保険者番号', code: 'invalid-insurer-number', reason: 'wrong check digit' }],
      });
      const done: ImportJob = {
        ...job,
        state: 'failed',
        processed: 3,
        imported: 1,
        reissued: 1,
        rejectedCount: 1,
        rejected: [{ line: 3, field: '保険者番号', code: 'invalid-insurer-number', reason: 'wrong check digit' }],
        finishedAt: '2026-05-01T00:01:00.000Z',
        error: 'boom',
      };
      await repo.save(done);
      expect(await repo.get(job.importId)).toEqual(done);
    }));

  it('stores a copy: the saved object changed afterwards changes nothing stored', () =>
    withRepo(async (repo) => {
      const job = aJob();
      await repo.save(job);
      job.processed = 99;
      job.rejected.push({ line: 1, field: 'x', code: 'invalid-field', reason: 'y' });
      expect(await repo.get(job.importId)).toMatchObject({ processed: 0, rejected: [] });
    }));
}
