export const AUDIT_RECORDS = Symbol('AuditRecordRepository');
