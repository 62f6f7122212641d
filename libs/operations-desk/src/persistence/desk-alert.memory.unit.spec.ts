import { deskAlertRepositoryContract } from './desk-alert.contract';
import { InMemoryDeskAlertRepository } from './desk-alert.memory';

// The memory twin (embedded mode, unit specs); the same cases run on MongoDB in desk-alert.mongo.int.spec.ts.
describe('desk alerts in memory', () => {
  deskAlertRepositoryContract(async () => ({ repo: new InMemoryDeskAlertRepository() }));
});
