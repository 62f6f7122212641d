import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { auditRecordRepositoryContract } from './audit-record.contract';
import { MongoAuditRecordRepository } from './audit-record.mongo';

describe('audit records against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_audit_records');
    await new MongoAuditRecordRepository(db.connection).ensureIndexes();
  });
  afterAll(async () => db.drop());

  // The same cases as the memory twin (audit-record.memory.unit.spec.ts).
  auditRecordRepositoryContract(async () => ({ repo: new MongoAuditRecordRepository(db.connection) }));
});
