import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { analyticsRepositoryContract } from './analytics.contract';
import { MongoAnalyticsRepository } from './analytics.mongo';

describe('analytics rollups against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_audit_analytics');
  });
  afterAll(async () => db.drop());

  // The same cases as the memory twin (analytics.memory.unit.spec.ts).
  analyticsRepositoryContract(async () => ({ repo: new MongoAnalyticsRepository(db.connection) }));
});
