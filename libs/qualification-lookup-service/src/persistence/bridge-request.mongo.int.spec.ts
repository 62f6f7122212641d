import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { bridgeRequestRepositoryContract } from './bridge-request.contract';
import { MongoBridgeRequestRepository } from './bridge-request.mongo';

describe('bridge requests against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_qualification_lookup_bridge');
  });
  afterAll(async () => db.drop());

  bridgeRequestRepositoryContract('MongoDB', async () => ({ repo: new MongoBridgeRequestRepository(db.connection) }));
});
