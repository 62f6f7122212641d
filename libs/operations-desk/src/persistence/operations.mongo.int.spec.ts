import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { operationsRepositoryContract } from './operations.contract';
import { MongoOperationsRepository } from './operations.mongo';

describe('operations read models against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_operations_desk');
  });
  afterAll(async () => db.drop());

  // The same cases as the memory twin (operations.memory.unit.spec.ts), each on emptied collections.
  operationsRepositoryContract(async () => ({
    repo: new MongoOperationsRepository(db.connection),
    cleanup: async () => {
      for (const collection of Object.values(db.connection.collections)) await collection.deleteMany({});
    },
  }));
});
