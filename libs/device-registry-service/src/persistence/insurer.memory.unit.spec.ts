import { insurerRepositoryContract } from './insurer.contract';
import { InMemoryInsurerRepository } from './insurer.memory';

describe('insurer repository in memory', () => {
  insurerRepositoryContract(async () => ({ repo: new InMemoryInsurerRepository() }));
});
