import { InMemoryContractRepository } from './contract.memory';
import { CachingContractRepository } from './contract.cache';
import { contractRepositoryContract } from './contract.contract';

// The memory adapter (embedded mode); the same cases run on MongoDB in contract.mongo.int.spec.ts.
describe('contract repository in memory', () => {
  contractRepositoryContract(async () => ({ repo: new InMemoryContractRepository() }));
});

// The cache in front of a repository answers as the repository does.
describe('contract repository in memory behind the cache', () => {
  contractRepositoryContract(async () => ({ repo: new CachingContractRepository(new InMemoryContractRepository()) }));
});
