import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { MongoImportJobRepository } from './import-job.mongo';
import { importJobRepositoryContract } from './import-job.contract';

describe('import-job repository against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_vm_imports');
  });
  afterAll(async () => db.drop());

  importJobRepositoryContract(async () => ({ repo: new MongoImportJobRepository(db.connection) }));
});
