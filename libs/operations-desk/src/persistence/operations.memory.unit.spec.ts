import { operationsRepositoryContract } from './operations.contract';
import { InMemoryOperationsRepository } from './operations.memory';

// The memory twin (embedded mode, unit specs); the same cases run on MongoDB in operations.mongo.int.spec.ts.
describe('operations read models in memory', () => {
  operationsRepositoryContract(async () => ({ repo: new InMemoryOperationsRepository() }));
});
