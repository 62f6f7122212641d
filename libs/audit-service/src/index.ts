export { AuditModule } from './audit.module';
export { AuditLedger } from './audit-trail/audit-ledger';
export { MongoAuditRecordRepository } from './audit-trail/audit-record.repository';
