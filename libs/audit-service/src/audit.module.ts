import { Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { ALL_EVENT_CONTRACTS, type DeskClientConfig } from '@hcv/contracts';
import { consumerControllers } from '@hcv/messaging';
import { ApiDocsModule, type RouteDoc } from '@hcv/platform-http';
import { byStorage, HealthModule, RUNTIME, type ServiceRuntime } from '@hcv/platform-runtime';
import { loadAuditConfig, loadAuditConsumerSettings, loadDeskClientConfig } from './audit.config';
import { auditOpenApi } from './audit.openapi';
import { AUDIT_TOPICS } from './audit.topics';
import { ExportClaimsHandler } from './export-claims/export-claims.handler';
import { ExportClaimsHttpController } from './export-claims/export-claims.http.controller';
import { ExportOutcomesHandler } from './export-outcomes/export-outcomes.handler';
import { ExportOutcomesHttpController } from './export-outcomes/export-outcomes.http.controller';
import { GetCoverageEligibilityHandler } from './get-coverage-eligibility/get-coverage-eligibility.handler';
import { GetCoverageEligibilityHttpController } from './get-coverage-eligibility/get-coverage-eligibility.http.controller';
import { GetSessionStoryHandler } from './get-session-story/get-session-story.handler';
import { GetSessionStoryHttpController } from './get-session-story/get-session-story.http.controller';
import { ListDeviceEventsHandler } from './list-device-events/list-device-events.handler';
import { ListDeviceEventsHttpController } from './list-device-events/list-device-events.http.controller';
import { ListEventsHandler } from './list-events/list-events.handler';
import { ListEventsHttpController } from './list-events/list-events.http.controller';
import { ListSessionsHandler } from './list-sessions/list-sessions.handler';
import { ListSessionsHttpController } from './list-sessions/list-sessions.http.controller';
import { InMemoryAnalyticsRepository } from './persistence/analytics.memory';
import { MongoAnalyticsRepository } from './persistence/analytics.mongo';
import type { AnalyticsRepository } from './persistence/analytics.repository';
import { InMemoryAuditRecordRepository } from './persistence/audit-record.memory';
import { MongoAuditRecordRepository } from './persistence/audit-record.mongo';
import type { AuditRecordRepository } from './persistence/audit-record.repository';
import { ProjectEventHandler, type Projection } from './project-event/project-event.handler';
import { AuditLedger } from './record-event/audit-ledger';
import { RecordEventHandler } from './record-event/record-event.handler';
import { ANALYTICS_CONTRACTS, RecordOutcomeFactsHandler } from './record-outcome-facts/record-outcome-facts.handler';
import { SearchCoverageEligibilityHandler } from './search-coverage-eligibility/search-coverage-eligibility.handler';
import { SearchCoverageEligibilityHttpController } from './search-coverage-eligibility/search-coverage-eligibility.http.controller';
import { VerifyChainHttpController } from './verify-chain/verify-chain.http.controller';
import { DeskConfigHttpController } from './serve-desk-config/desk-config.http.controller';
import { ANALYTICS, AUDIT_PII_KEY, AUDIT_RECORDS, DESK_CLIENT_CONFIG } from './tokens';

/**
 * A part of the audit process that runs beside the ledger (the operations desk): its module, its
 * routes (documented in the process's one /openapi.json), and optionally a Projection its module
 * exports, run by audit's consumer group `audit.record` on each event of its topics.
 */
export interface AuditProcessPart {
  module: DynamicModule;
  routes: readonly RouteDoc[];
  projection?: InjectionToken;
}

export interface AuditModuleOptions {
  /** Overrides AUDIT_PII_KEY (tests, embedded mode). */
  piiKey?: string;
  /** The parts that run in the same process (apps/audit: the operations desk). */
  alongside?: readonly AuditProcessPart[];
  /** Overrides what GET /desk/config.json answers (embedded mode: its development provider and the URLs it listens on). */
  desk?: () => DeskClientConfig;
}

/** audit: the hash-chained ledger and its queries, the FHIR view and the outcome analytics. */
@Module({})
export class AuditModule {
  static register(runtime: ServiceRuntime, options: AuditModuleOptions = {}): DynamicModule {
    const config = loadAuditConfig(undefined, { piiKey: options.piiKey });
    const { batchGatherMillis } = loadAuditConsumerSettings();
    // read (and checked) at start-up like the rest of the configuration
    const deskFromEnv = options.desk ? undefined : loadDeskClientConfig();
    const desk = options.desk ?? (() => deskFromEnv!);
    const alongside = options.alongside ?? [];
    const projections = alongside.flatMap((part) => (part.projection ? [part.projection] : []));
    const records = (make: (r: AuditRecordRepository) => unknown) => ({ inject: [AUDIT_RECORDS], useFactory: make });
    return {
      module: AuditModule,
      imports: [
        HealthModule.register(runtime),
        ApiDocsModule.register(() => auditOpenApi(alongside.flatMap((part) => part.routes))),
        ...alongside.map((part) => part.module),
      ],
      controllers: [
        VerifyChainHttpController,
        ListSessionsHttpController,
        GetSessionStoryHttpController,
        ListDeviceEventsHttpController,
        ListEventsHttpController,
        GetCoverageEligibilityHttpController,
        SearchCoverageEligibilityHttpController,
        ExportOutcomesHttpController,
        ExportClaimsHttpController,
        DeskConfigHttpController,
        ...consumerControllers(AUDIT_TOPICS),
      ],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: AUDIT_PII_KEY, useValue: config.piiKey },
        { provide: DESK_CLIENT_CONFIG, useValue: desk },
        {
          provide: AUDIT_RECORDS,
          useFactory: () =>
            byStorage<AuditRecordRepository>(runtime.storage, {
              mongo: (c) => new MongoAuditRecordRepository(c, { gatherMillis: batchGatherMillis }),
              memory: () => new InMemoryAuditRecordRepository(),
            }),
        },
        {
          provide: ANALYTICS,
          useFactory: () =>
            byStorage<AnalyticsRepository>(runtime.storage, {
              mongo: (c) => new MongoAnalyticsRepository(c, { gatherMillis: batchGatherMillis }),
              memory: () => new InMemoryAnalyticsRepository(),
            }),
        },
        // The Mongo store's first append of a chain waits for the turn's others: a batch's appends leave as one run.
        { provide: AuditLedger, ...records((r) => new AuditLedger(r, { gatherTurn: runtime.storage.kind === 'mongo' })) },
        {
          provide: RecordEventHandler,
          inject: [AuditLedger],
          useFactory: (ledger: AuditLedger) => new RecordEventHandler(ledger, config.piiKeys, runtime.clock),
        },
        {
          provide: RecordOutcomeFactsHandler,
          inject: [ANALYTICS],
          useFactory: (analytics: AnalyticsRepository) => new RecordOutcomeFactsHandler(analytics),
        },
        { provide: ListSessionsHandler, ...records((r) => new ListSessionsHandler(r)) },
        { provide: GetSessionStoryHandler, ...records((r) => new GetSessionStoryHandler(r, config.piiKeys)) },
        { provide: ListDeviceEventsHandler, ...records((r) => new ListDeviceEventsHandler(r, config.piiKeys)) },
        { provide: ListEventsHandler, ...records((r) => new ListEventsHandler(r, config.piiKeys)) },
        { provide: GetCoverageEligibilityHandler, ...records((r) => new GetCoverageEligibilityHandler(r)) },
        { provide: SearchCoverageEligibilityHandler, ...records((r) => new SearchCoverageEligibilityHandler(r)) },
        { provide: ExportClaimsHandler, ...records((r) => new ExportClaimsHandler(r)) },
        {
          provide: ExportOutcomesHandler,
          inject: [ANALYTICS],
          useFactory: (analytics: AnalyticsRepository) => new ExportOutcomesHandler(analytics),
        },
        {
          provide: ProjectEventHandler,
          inject: [RecordEventHandler, RecordOutcomeFactsHandler, ...projections],
          useFactory: (ledger: RecordEventHandler, analytics: RecordOutcomeFactsHandler, ...more: Projection[]) =>
            new ProjectEventHandler([
              {
                name: 'ledger',
                contracts: ALL_EVENT_CONTRACTS,
                project: (event, meta) => ledger.handle(event, meta),
                keepsCallOrder: true,
              },
              { name: 'analytics', contracts: ANALYTICS_CONTRACTS, project: (event) => analytics.handle(event) },
              ...more,
            ]),
        },
      ],
    };
  }
}
