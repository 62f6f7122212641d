import { InMemoryInstitutionDirectory } from './institution-directory.memory';
import { institutionDirectoryContract } from './institution-directory.contract';

// The memory adapter (embedded mode); the same cases run on MongoDB in institution-directory.mongo.int.spec.ts.
describe('institution directory in memory', () => {
  institutionDirectoryContract(async () => ({ repo: new InMemoryInstitutionDirectory() }));
});
