export { AuditModule, auditPiiKeyFromEnv, DEV_PII_KEY } from './audit.module';
export { AuditLedger } from './audit-trail/audit-ledger';
export { MongoAuditRecordRepository } from './audit-trail/audit-record.repository';
export { AUDIT_TOPICS } from './audit.topics';
export { auditOpenApi, AUDIT_ROUTES } from './audit.openapi';
