import { InMemoryVoucherRepository } from './voucher.memory';
import { voucherRepositoryContract } from './voucher.contract';

// The memory adapter (embedded mode); the same cases run on MongoDB in voucher.mongo.int.spec.ts.
describe('voucher repository in memory', () => {
  voucherRepositoryContract(async () => ({ repo: new InMemoryVoucherRepository() }));
});
