import { siteRepositoryContract } from './site.contract';
import { InMemorySiteRepository } from './site.memory';

describe('site repository in memory', () => {
  siteRepositoryContract(async () => ({ repo: new InMemorySiteRepository() }));
});
