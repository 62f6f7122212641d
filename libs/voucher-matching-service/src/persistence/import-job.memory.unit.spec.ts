import { InMemoryImportJobRepository } from './import-job.memory';
import { importJobRepositoryContract } from './import-job.contract';

// The memory adapter (embedded mode); the same cases run on MongoDB in import-job.mongo.int.spec.ts.
describe('import-job repository in memory', () => {
  importJobRepositoryContract(async () => ({ repo: new InMemoryImportJobRepository() }));
});
