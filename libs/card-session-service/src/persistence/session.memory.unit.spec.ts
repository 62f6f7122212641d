import { InMemorySessionRepository } from './session.memory';
import { sessionRepositoryContract } from './session.contract';

// The memory twin (embedded mode, unit specs); the same cases run on MongoDB in session.mongo.int.spec.ts.
describe('the session repository in memory', () => {
  sessionRepositoryContract(async () => ({ repo: new InMemorySessionRepository() }));
});
