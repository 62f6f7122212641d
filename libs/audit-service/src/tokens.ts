export const AUDIT_RECORDS = Symbol('AuditRecordRepository');
/** The key audit pseudonymises and encrypts personal fields with (AUDIT_PII_KEY). */
export const AUDIT_PII_KEY = Symbol('AuditPiiKey');
export const ANALYTICS = Symbol('AnalyticsRepository');
/** `() => DeskClientConfig`: what GET /desk/config.json answers (the environment's, or the embedded run's). */
export const DESK_CLIENT_CONFIG = Symbol('DeskClientConfig');
