import { Module, type DynamicModule } from '@nestjs/common';
import { byStorage, RUNTIME, type ServiceRuntime } from '@hcv/platform-runtime';
import { EvaluateAlertsHandler } from './evaluate-alerts/evaluate-alerts.handler';
import { EvaluateAlertsScheduler } from './evaluate-alerts/evaluate-alerts.scheduler';
import { GetOverviewHandler } from './get-overview/get-overview.handler';
import { GetOverviewHttpController } from './get-overview/get-overview.http.controller';
import { GetSiteHandler } from './get-site/get-site.handler';
import { GetSiteHttpController } from './get-site/get-site.http.controller';
import { ListAlertsHandler } from './list-alerts/list-alerts.handler';
import { ListAlertsHttpController } from './list-alerts/list-alerts.http.controller';
import { ListFeedHandler } from './list-feed/list-feed.handler';
import { ListFeedHttpController } from './list-feed/list-feed.http.controller';
import { loadOperationsDeskConfig, type OperationsDeskOptions } from './operations-desk.config';
import { OPERATIONS_DESK_ROUTES } from './operations-desk.openapi';
import { InMemoryOperationsRepository } from './persistence/operations.memory';
import { MongoOperationsRepository } from './persistence/operations.mongo';
import type { OperationsRepository } from './persistence/operations.repository';
import { OPERATIONS_CONTRACTS, RecordOperationsHandler } from './record-operations/record-operations.handler';
import { ServeDashboardHttpController } from './serve-dashboard/serve-dashboard.http.controller';
import { OPERATIONS, OPERATIONS_INTERVAL, OPERATIONS_PROJECTION } from './tokens';

/** The operations desk: read models built from events, alerts as events, and the dashboard. */
@Module({})
export class OperationsDeskModule {
  static register(runtime: ServiceRuntime, options: OperationsDeskOptions = {}): DynamicModule {
    const config = loadOperationsDeskConfig(undefined, options);
    const ops = (make: (ops: OperationsRepository) => unknown) => ({ inject: [OPERATIONS], useFactory: make });
    return {
      module: OperationsDeskModule,
      controllers: [
        GetOverviewHttpController,
        GetSiteHttpController,
        ListFeedHttpController,
        ListAlertsHttpController,
        ServeDashboardHttpController,
      ],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: OPERATIONS_INTERVAL, useValue: config.intervalMillis },
        {
          provide: OPERATIONS,
          useFactory: () =>
            byStorage<OperationsRepository>(runtime.storage, {
              mongo: (c) => new MongoOperationsRepository(c),
              memory: () => new InMemoryOperationsRepository(),
            }),
        },
        { provide: RecordOperationsHandler, ...ops((repo) => new RecordOperationsHandler(repo)) },
        { provide: EvaluateAlertsHandler, ...ops((repo) => new EvaluateAlertsHandler(repo, runtime, config.thresholds)) },
        EvaluateAlertsScheduler,
        {
          provide: GetOverviewHandler,
          inject: [OPERATIONS, EvaluateAlertsHandler],
          useFactory: (repo: OperationsRepository, monitor: EvaluateAlertsHandler) => new GetOverviewHandler(repo, monitor, runtime.clock),
        },
        { provide: GetSiteHandler, ...ops((repo) => new GetSiteHandler(repo, runtime.clock)) },
        { provide: ListFeedHandler, ...ops((repo) => new ListFeedHandler(repo, runtime.clock)) },
        { provide: ListAlertsHandler, ...ops((repo) => new ListAlertsHandler(repo)) },
        {
          // What audit's consumer group runs for the desk (the shape of audit's Projection).
          provide: OPERATIONS_PROJECTION,
          inject: [RecordOperationsHandler],
          useFactory: (handler: RecordOperationsHandler) => ({
            name: 'operations',
            contracts: OPERATIONS_CONTRACTS,
            project: (event: Parameters<RecordOperationsHandler['handle']>[0]) => handler.handle(event),
          }),
        },
      ],
      exports: [OPERATIONS_PROJECTION],
    };
  }

  /**
   * The desk as a part of the audit process (`AuditModule.register(runtime, { alongside: [...] })`):
   * its module, its routes for the process's /openapi.json, and its read models as a projection of
   * audit's consumer group.
   */
  static alongsideAudit(runtime: ServiceRuntime, options: OperationsDeskOptions = {}) {
    return { module: OperationsDeskModule.register(runtime, options), routes: OPERATIONS_DESK_ROUTES, projection: OPERATIONS_PROJECTION };
  }
}
