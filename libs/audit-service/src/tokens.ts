export const AUDIT_RECORDS = Symbol('AuditRecordRepository');
/** The key audit pseudonymises and encrypts personal fields with (AUDIT_PII_KEY). */
export const AUDIT_PII_KEY = Symbol('AuditPiiKey');
export const ANALYTICS = Symbol('AnalyticsRepository');
