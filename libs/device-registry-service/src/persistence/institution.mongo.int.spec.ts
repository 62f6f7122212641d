import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { institutionRepositoryContract } from './institution.contract';
import { MongoInstitutionRepository } from './institution.mongo';

describe('institution repository against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_institutions');
  });
  afterAll(async () => db.drop());

  institutionRepositoryContract(async () => ({ repo: new MongoInstitutionRepository(db.connection) }));
});
