import { analyticsRepositoryContract } from './analytics.contract';
import { InMemoryAnalyticsRepository } from './analytics.memory';

// The memory twin (embedded mode, unit specs); the same cases run on MongoDB in analytics.mongo.int.spec.ts.
describe('analytics rollups in memory', () => {
  analyticsRepositoryContract(async () => ({ repo: new InMemoryAnalyticsRepository() }));
});
