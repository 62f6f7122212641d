import { Inject, Injectable, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import {
  ALL_EVENT_CONTRACTS,
  EligibilityRequestedV1,
  QualificationTranscribedV1,
  SessionCardReadV1,
  SessionCompletedV1,
  SessionCompletedV2,
  SessionMethodRecordedV1,
  SessionOpenedV1,
  VerificationOutcomeV1,
  VerificationOutcomeV2,
} from '@hcv/contracts';
import { on } from '@hcv/messaging';
import { byStorage, HealthModule, RUNTIME, secretFromEnv, type ServiceRuntime } from '@hcv/service-kit';
import { InMemoryAuditRecordRepository, MongoAuditRecordRepository, type AuditRecordRepository } from './audit-trail/audit-record.repository';
import { AuditHttpController } from './audit.http.controller';
import { AuditLedger } from './audit-trail/audit-ledger';
import { RecordEventHandler } from './record-event/record-event.handler';
import { InMemoryAnalyticsRepository, MongoAnalyticsRepository, type AnalyticsRepository } from './analytics/analytics.repository';
import { AnalyticsHttpController } from './analytics/analytics.http.controller';
import { RecordOutcomeFactsHandler } from './analytics/record-outcome-facts.handler';
import { FhirHttpController } from './fhir/fhir.http.controller';
import { ANALYTICS, AUDIT_PII_KEY, AUDIT_RECORDS } from './tokens';
import { OperationsModule } from './operations/operations.module';

/** The events that carry a session's rollup dimensions (see record-outcome-facts.handler.ts). */
const ANALYTICS_CONTRACTS = [
  SessionOpenedV1,
  EligibilityRequestedV1,
  SessionCardReadV1,
  SessionMethodRecordedV1,
  QualificationTranscribedV1,
  VerificationOutcomeV1,
  VerificationOutcomeV2,
  SessionCompletedV1,
  SessionCompletedV2,
];

/** Keeps the outcome rollups incrementally, in its own consumer group. */
@Injectable()
class AnalyticsConsumer implements OnModuleInit {
  constructor(
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly handler: RecordOutcomeFactsHandler,
  ) {}
  onModuleInit(): void {
    this.runtime.bus.subscribe({
      groupId: 'audit.analytics',
      processedLog: this.runtime.processedLog,
      handlers: ANALYTICS_CONTRACTS.map((contract) => on(contract, (event) => this.handler.handle(event))),
    });
  }
}

// Development default only, refused with NODE_ENV=production; deployments set AUDIT_PII_KEY (or
// AUDIT_PII_KEY_FILE) from a secret (k8s: hcv-secrets).
export const DEV_PII_KEY = 'dev-only-audit-pseudonym-key';

/** The key audit pseudonymises and encrypts personal fields with (see secretFromEnv for the rules). */
export function auditPiiKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return secretFromEnv({ name: 'AUDIT_PII_KEY', value: env.AUDIT_PII_KEY, file: env.AUDIT_PII_KEY_FILE, nodeEnv: env.NODE_ENV, devDefault: DEV_PII_KEY, minLength: 32 });
}

@Injectable()
class EveryEventConsumer implements OnModuleInit {
  constructor(
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly handler: RecordEventHandler,
  ) {}
  onModuleInit(): void {
    this.runtime.bus.subscribe({
      groupId: 'audit.record',
      processedLog: this.runtime.processedLog,
      handlers: ALL_EVENT_CONTRACTS.map((contract) => on(contract, (event, meta) => this.handler.handle(event, meta))),
    });
  }
}

@Module({})
export class AuditModule {
  static register(runtime: ServiceRuntime, options: { piiKey?: string; operations?: Parameters<typeof OperationsModule.register>[1] } = {}): DynamicModule {
    const piiKey = options.piiKey ?? auditPiiKeyFromEnv();
    return {
      module: AuditModule,
      imports: [HealthModule.register(runtime), OperationsModule.register(runtime, options.operations)],
      controllers: [AuditHttpController, AnalyticsHttpController, FhirHttpController],
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
        EveryEventConsumer,
        {
          provide: ANALYTICS,
          useFactory: () =>
            byStorage<AnalyticsRepository>(runtime.storage, {
              mongo: (c) => new MongoAnalyticsRepository(c),
              memory: () => new InMemoryAnalyticsRepository(),
            }),
        },
        { provide: RecordOutcomeFactsHandler, inject: [ANALYTICS], useFactory: (analytics: AnalyticsRepository) => new RecordOutcomeFactsHandler(analytics) },
        AnalyticsConsumer,
      ],
    };
  }
}
