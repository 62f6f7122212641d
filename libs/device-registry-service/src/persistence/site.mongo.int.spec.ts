import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { siteRepositoryContract } from './site.contract';
import { MongoSiteRepository } from './site.mongo';

describe('site repository against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_sites');
  });
  afterAll(async () => db.drop());

  siteRepositoryContract(async () => ({ repo: new MongoSiteRepository(db.connection) }));
});
