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

  // The same cases as the memory twin (operations.memory.unit.spec.ts), each on emptied collections:
  // with writes leaving at once, and gathered into batches as audit's consumer runs them.
  describe.each([
    ['each write at once', {}],
    ['writes gathered per turn', { gatherMillis: 0 }],
  ])('%s', (_, batching) => {
    operationsRepositoryContract(async () => ({
      repo: new MongoOperationsRepository(db.connection, batching),
      twin: new MongoOperationsRepository(db.connection, batching),
      cleanup: async () => {
        for (const collection of Object.values(db.connection.collections)) await collection.deleteMany({});
      },
    }));
  });
});
