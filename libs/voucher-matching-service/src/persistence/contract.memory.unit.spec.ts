import { InMemoryContractRepository } from './contract.memory';
import { contractRepositoryContract } from './contract.contract';

// The memory adapter (embedded mode); the same cases run on MongoDB in contract.mongo.int.spec.ts.
describe('contract repository in memory', () => {
  contractRepositoryContract(async () => ({ repo: new InMemoryContractRepository() }));
});
