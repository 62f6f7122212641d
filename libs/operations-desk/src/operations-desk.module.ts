import { Module, type DynamicModule } from '@nestjs/common';
import { byStorage, RUNTIME, type ServiceRuntime } from '@hcv/platform-runtime';
import { EvaluateAlertsHandler } from './evaluate-alerts/evaluate-alerts.handler';
import { EvaluateAlertsScheduler } from './evaluate-alerts/evaluate-alerts.scheduler';
import { GetOverviewHandler } from './get-overview/get-overview.handler';
import { GetOverviewHttpController } from './get-overview/get-overview.http.controller';
import { GetDeviceHandler } from './get-device/get-device.handler';
import { GetDeviceHttpController } from './get-device/get-device.http.controller';
import { ListPrefecturesHandler } from './get-overview/list-prefectures.handler';
import { GetSiteHandler } from './get-site/get-site.handler';
import { GetSiteHttpController } from './get-site/get-site.http.controller';
import { ListAlertsHandler } from './list-alerts/list-alerts.handler';
import { ListAlertsHttpController } from './list-alerts/list-alerts.http.controller';
import { ListFeedHandler } from './list-feed/list-feed.handler';
import { ListFeedHttpController } from './list-feed/list-feed.http.controller';
import { loadOperationsDeskConfig, type OperationsDeskOptions } from './operations-desk.config';
import { OPERATIONS_DESK_ROUTES } from './operations-desk.openapi';
import { InMemoryDeskAlertRepository } from './persistence/desk-alert.memory';
import { MongoDeskAlertRepository } from './persistence/desk-alert.mongo';
import type { DeskAlertRepository } from './persistence/desk-alert.repository';
import { InMemoryOperationsRepository } from './persistence/operations.memory';
import { MongoOperationsRepository } from './persistence/operations.mongo';
import type { OperationsRepository } from './persistence/operations.repository';
import { OPERATIONS_CONTRACTS, RecordOperationsHandler } from './record-operations/record-operations.handler';
import { DeskFiles, defaultDeskDir } from './serve-desk/desk-files';
import { ServeDeskHttpController } from './serve-desk/serve-desk.http.controller';
import { DeskChanges } from './refresh-desk/desk-changes';
import { DeskIndex } from './refresh-desk/desk-index';
import { RefreshDeskScheduler } from './refresh-desk/refresh-desk.scheduler';
import { StreamOperationsHttpController } from './stream-operations/stream-operations.http.controller';
import { WorkAlertHandler } from './work-alert/work-alert.handler';
import { WorkAlertHttpController } from './work-alert/work-alert.http.controller';
import {
  DESK_ALERTS,
  DESK_APP,
  DESK_STREAM_TIMING,
  DESK_REFRESH_INTERVAL,
  OPERATIONS,
  OPERATIONS_INTERVAL,
  OPERATIONS_PROJECTION,
} from './tokens';

/** The operations desk: read models built from events, alerts as events worked by staff, the desk's queries and stream, and the desk app's files. */
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
        GetDeviceHttpController,
        ListFeedHttpController,
        ListAlertsHttpController,
        WorkAlertHttpController,
        StreamOperationsHttpController,
        ServeDeskHttpController,
      ],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: OPERATIONS_INTERVAL, useValue: config.intervalMillis },
        { provide: DESK_REFRESH_INTERVAL, useValue: config.refreshMillis },
        {
          provide: DESK_APP,
          useValue: {
            files: new DeskFiles(options.deskDir ?? defaultDeskDir()),
            connectSources: () => {
              const desk = options.desk?.();
              return desk ? [desk.issuer, ...Object.values(desk.apis)] : [];
            },
          },
        },
        { provide: DESK_STREAM_TIMING, useValue: { heartbeatMillis: config.heartbeatMillis, maxMillis: config.streamMaxMillis } },
        {
          provide: OPERATIONS,
          useFactory: () =>
            byStorage<OperationsRepository>(runtime.storage, {
              mongo: (c) => new MongoOperationsRepository(c, { gatherMillis: options.batchGatherMillis }),
              memory: () => new InMemoryOperationsRepository(),
            }),
        },
        {
          provide: DESK_ALERTS,
          useFactory: () =>
            byStorage<DeskAlertRepository>(runtime.storage, {
              mongo: (c) => new MongoDeskAlertRepository(c),
              memory: () => new InMemoryDeskAlertRepository(),
            }),
        },
        { provide: DeskChanges, useValue: new DeskChanges() },
        {
          provide: DeskIndex,
          inject: [OPERATIONS, DESK_ALERTS, DeskChanges],
          useFactory: (repo: OperationsRepository, alerts: DeskAlertRepository, changes: DeskChanges) =>
            new DeskIndex(repo, alerts, changes, runtime.clock, { fullRefreshMillis: config.fullRefreshMillis }),
        },
        RefreshDeskScheduler,
        {
          provide: RecordOperationsHandler,
          inject: [OPERATIONS, DESK_ALERTS, DeskIndex, DeskChanges],
          useFactory: (repo: OperationsRepository, alerts: DeskAlertRepository, index: DeskIndex, changes: DeskChanges) =>
            new RecordOperationsHandler(
              repo,
              alerts,
              (alert) => index.announceAlert(alert),
              (readiness) => changes.publish({ event: 'readiness-changed', data: { ...readiness }, siteIds: [readiness.busId] }),
            ),
        },
        {
          provide: EvaluateAlertsHandler,
          ...ops((repo) => new EvaluateAlertsHandler(repo, runtime, config.thresholds, undefined, config.fullRefreshMillis)),
        },
        EvaluateAlertsScheduler,
        {
          provide: GetOverviewHandler,
          inject: [DeskIndex, OPERATIONS, EvaluateAlertsHandler],
          useFactory: (index: DeskIndex, repo: OperationsRepository, monitor: EvaluateAlertsHandler) =>
            new GetOverviewHandler(index, repo, monitor),
        },
        { provide: ListPrefecturesHandler, inject: [DeskIndex], useFactory: (index: DeskIndex) => new ListPrefecturesHandler(index) },
        {
          provide: GetSiteHandler,
          inject: [DeskIndex, OPERATIONS, DESK_ALERTS],
          useFactory: (index: DeskIndex, repo: OperationsRepository, alerts: DeskAlertRepository) =>
            new GetSiteHandler(index, repo, alerts),
        },
        {
          provide: GetDeviceHandler,
          inject: [DeskIndex, OPERATIONS],
          useFactory: (index: DeskIndex, repo: OperationsRepository) => new GetDeviceHandler(index, repo),
        },
        { provide: ListFeedHandler, ...ops((repo) => new ListFeedHandler(repo, runtime.clock)) },
        {
          provide: ListAlertsHandler,
          inject: [DESK_ALERTS],
          useFactory: (alerts: DeskAlertRepository) => new ListAlertsHandler(alerts, runtime.clock),
        },
        {
          provide: WorkAlertHandler,
          inject: [DESK_ALERTS, DeskIndex],
          useFactory: (alerts: DeskAlertRepository, index: DeskIndex) =>
            new WorkAlertHandler(alerts, runtime.publisher, runtime.clock, (alert) => index.announceAlert(alert)),
        },
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
      exports: [OPERATIONS_PROJECTION, DeskChanges],
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
