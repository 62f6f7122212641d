import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { MongoSiteNameRepository } from './site-name.mongo';
import { siteNameRepositoryContract } from './site-name.contract';

describe('site-name repository against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_vm_site_names');
  });
  afterAll(async () => db.drop());

  siteNameRepositoryContract(async () => ({ repo: new MongoSiteNameRepository(db.connection) }));
});
