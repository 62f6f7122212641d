import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { siteDirectoryContract } from './site-directory.contract';
import { MongoSiteDirectory } from './site-directory.mongo';

describe('the site directory against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_card_session_sites');
  });
  afterAll(async () => db.drop());

  // The same cases as the memory twin (site-directory.memory.unit.spec.ts).
  siteDirectoryContract(async () => ({ directory: new MongoSiteDirectory(db.connection) }));
});
