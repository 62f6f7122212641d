import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { MongoInstitutionDirectory } from './institution-directory.mongo';
import { institutionDirectoryContract } from './institution-directory.contract';

describe('institution directory against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_vm_institutions');
  });
  afterAll(async () => db.drop());

  institutionDirectoryContract(async () => ({ repo: new MongoInstitutionDirectory(db.connection) }));
});
