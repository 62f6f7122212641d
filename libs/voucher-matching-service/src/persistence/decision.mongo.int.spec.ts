import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { MongoDecisionRepository } from './decision.mongo';
import { decisionRepositoryContract } from './decision.contract';

describe('decision repository against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_vm_decisions');
  });
  afterAll(async () => db.drop());

  decisionRepositoryContract(async () => ({ repo: new MongoDecisionRepository(db.connection) }));
});
