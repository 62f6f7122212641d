import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { activationCodeRepositoryContract } from './activation-code.contract';
import { MongoActivationCodeRepository } from './activation-code.mongo';

describe('activation code repository against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_activation_codes');
  });
  afterAll(async () => db.drop());

  activationCodeRepositoryContract(async () => ({ repo: new MongoActivationCodeRepository(db.connection) }));
});
