import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { tourReadinessRepositoryContract } from './tour-readiness.contract';
import { MongoTourReadinessRepository } from './tour-readiness.mongo';

describe('tour readiness repository against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_tour_readiness');
  });
  afterAll(async () => db.drop());

  tourReadinessRepositoryContract(async () => ({ repo: new MongoTourReadinessRepository(db.connection) }));
});
