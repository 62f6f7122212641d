import { auditRecordRepositoryContract } from './audit-record.contract';
import { InMemoryAuditRecordRepository } from './audit-record.memory';

// The memory twin (embedded mode, unit specs); the same cases run on MongoDB in audit-record.mongo.int.spec.ts.
describe('audit records in memory', () => {
  auditRecordRepositoryContract(async () => ({ repo: new InMemoryAuditRecordRepository() }));
});
