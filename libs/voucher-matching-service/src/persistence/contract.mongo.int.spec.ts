import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { MongoContractRepository } from './contract.mongo';
import { contractRepositoryContract } from './contract.contract';

describe('contract repository against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_vm_contracts');
  });
  afterAll(async () => db.drop());

  contractRepositoryContract(async () => ({ repo: new MongoContractRepository(db.connection) }));
});
