import { InMemorySiteNameRepository } from './site-name.memory';
import { siteNameRepositoryContract } from './site-name.contract';

// The memory adapter (embedded mode); the same cases run on MongoDB in site-name.mongo.int.spec.ts.
describe('site-name repository in memory', () => {
  siteNameRepositoryContract(async () => ({ repo: new InMemorySiteNameRepository() }));
});
