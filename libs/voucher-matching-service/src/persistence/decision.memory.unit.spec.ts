import { InMemoryDecisionRepository } from './decision.memory';
import { decisionRepositoryContract } from './decision.contract';

// The memory adapter (embedded mode); the same cases run on MongoDB in decision.mongo.int.spec.ts.
describe('decision repository in memory', () => {
  decisionRepositoryContract(async () => ({ repo: new InMemoryDecisionRepository() }));
});
