import { tourReadinessRepositoryContract } from './tour-readiness.contract';
import { InMemoryTourReadinessRepository } from './tour-readiness.memory';

describe('tour readiness repository in memory', () => {
  tourReadinessRepositoryContract(async () => ({ repo: new InMemoryTourReadinessRepository() }));
});
