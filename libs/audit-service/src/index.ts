export { AuditModule, type AuditModuleOptions, type AuditProcessPart } from './audit.module';
export {
  auditPiiKeyFromEnv,
  auditStartupCheck,
  DEV_PII_KEY,
  loadAuditConfig,
  loadAuditConsumerSettings,
  type AuditConsumerSettings,
  loadDeskClientConfig,
  type AuditConfig,
} from './audit.config';
export { AuditLedger } from './record-event/audit-ledger';
export { MongoAuditRecordRepository } from './persistence/audit-record.mongo';
export type { Projection } from './project-event/project-event.handler';
export { AUDIT_TOPICS } from './audit.topics';
export { auditOpenApi, AUDIT_ROUTES } from './audit.openapi';
export { rekeyInsuranceCiphers, type RekeyReport } from './rekey-insurance/rekey-insurance';
