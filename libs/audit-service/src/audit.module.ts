import { Module, type DynamicModule } from '@nestjs/common';
import { ALL_EVENT_CONTRACTS } from '@hcv/contracts';
import { consumerControllers } from '@hcv/messaging';
import { ApiDocsModule } from '@hcv/platform-http';
import { byStorage, HealthModule, RUNTIME, secretFromEnv, type ServiceRuntime } from '@hcv/platform-runtime';
import { auditOpenApi } from './audit.openapi';
import { InMemoryAuditRecordRepository, MongoAuditRecordRepository, type AuditRecordRepository } from './audit-trail/audit-record.repository';
import { AuditHttpController } from './audit.http.controller';
import { AuditLedger } from './audit-trail/audit-ledger';
import { RecordEventHandler } from './record-event/record-event.handler';
import { InMemoryAnalyticsRepository, MongoAnalyticsRepository, type AnalyticsRepository } from './analytics/analytics.repository';
import { AnalyticsHttpController } from './analytics/analytics.http.controller';
import { ANALYTICS_CONTRACTS, RecordOutcomeFactsHandler } from './analytics/record-outcome-facts.handler';
import { FhirHttpController } from './fhir/fhir.http.controller';
import { ANALYTICS, AUDIT_PII_KEY, AUDIT_RECORDS } from './tokens';
import { OperationsModule } from './operations/operations.module';
import { OPERATIONS_CONTRACTS, RecordOperationsHandler } from './operations/record-operations.handler';
import { ProjectEventHandler } from './project-event/project-event.handler';
import { AUDIT_TOPICS } from './audit.topics';

// Development default only, refused with NODE_ENV=production; deployments set AUDIT_PII_KEY (or
// AUDIT_PII_KEY_FILE) from a secret (k8s: hcv-secrets).
export const DEV_PII_KEY = 'dev-only-audit-pseudonym-key';

/** The key audit pseudonymises and encrypts personal fields with (see secretFromEnv for the rules). */
export function auditPiiKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return secretFromEnv({ name: 'AUDIT_PII_KEY', value: env.AUDIT_PII_KEY, file: env.AUDIT_PII_KEY_FILE, nodeEnv: env.NODE_ENV, devDefault: DEV_PII_KEY, minLength: 32 });
}

@Module({})
export class AuditModule {
  static register(runtime: ServiceRuntime, options: { piiKey?: string; operations?: Parameters<typeof OperationsModule.register>[1] } = {}): DynamicModule {
    const piiKey = options.piiKey ?? auditPiiKeyFromEnv();
    return {
      module: AuditModule,
      imports: [HealthModule.register(runtime), ApiDocsModule.register(auditOpenApi), OperationsModule.register(runtime, options.operations)],
      controllers: [AuditHttpController, AnalyticsHttpController, FhirHttpController, ...consumerControllers(AUDIT_TOPICS)],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: AUDIT_PII_KEY, useValue: piiKey },
        {
          provide: AUDIT_RECORDS,
          useFactory: () =>
            byStorage<AuditRecordRepository>(runtime.storage, {
              mongo: (c) => new MongoAuditRecordRepository(c),
              memory: () => new InMemoryAuditRecordRepository(),
            }),
        },
        { provide: AuditLedger, inject: [AUDIT_RECORDS], useFactory: (records: AuditRecordRepository) => new AuditLedger(records) },
        {
          provide: RecordEventHandler,
          inject: [AuditLedger],
          useFactory: (ledger: AuditLedger) => new RecordEventHandler(ledger, piiKey, runtime.clock),
        },
        {
          provide: ANALYTICS,
          useFactory: () =>
            byStorage<AnalyticsRepository>(runtime.storage, {
              mongo: (c) => new MongoAnalyticsRepository(c),
              memory: () => new InMemoryAnalyticsRepository(),
            }),
        },
        { provide: RecordOutcomeFactsHandler, inject: [ANALYTICS], useFactory: (analytics: AnalyticsRepository) => new RecordOutcomeFactsHandler(analytics) },
        {
          provide: ProjectEventHandler,
          inject: [RecordEventHandler, RecordOutcomeFactsHandler, RecordOperationsHandler],
          useFactory: (ledger: RecordEventHandler, analytics: RecordOutcomeFactsHandler, operations: RecordOperationsHandler) =>
            new ProjectEventHandler([
              { name: 'ledger', contracts: ALL_EVENT_CONTRACTS, project: (event, meta) => ledger.handle(event, meta) },
              { name: 'analytics', contracts: ANALYTICS_CONTRACTS, project: (event) => analytics.handle(event) },
              { name: 'operations', contracts: OPERATIONS_CONTRACTS, project: (event) => operations.handle(event) },
            ]),
        },
      ],
    };
  }
}
