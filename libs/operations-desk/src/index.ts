export { OperationsDeskModule } from './operations-desk.module';
export { loadOperationsDeskConfig, type OperationsDeskConfig, type OperationsDeskOptions } from './operations-desk.config';
export { OPERATIONS_DESK_TOPICS } from './operations-desk.topics';
export { operationsDeskOpenApi, OPERATIONS_DESK_ROUTES } from './operations-desk.openapi';
export { DeskChanges, type DeskChange, type DeskChangeEvent } from './refresh-desk/desk-changes';
export { PREFECTURES, REGIONS, prefectureByCode, type Prefecture, type RegionKey } from './domain/prefectures';
export { percentile } from './domain/percentile';
// The desk's read model and queries in memory, for the desk benchmark (tools/bench/src/desk.ts).
export { InMemoryOperationsRepository } from './persistence/operations.memory';
export { InMemoryDeskAlertRepository } from './persistence/desk-alert.memory';
export { DeskIndex } from './refresh-desk/desk-index';
export { GetOverviewHandler } from './get-overview/get-overview.handler';
export { ListPrefecturesHandler } from './get-overview/list-prefectures.handler';
export { GetSiteHandler } from './get-site/get-site.handler';
export { GetDeviceHandler } from './get-device/get-device.handler';
export { ListAlertsHandler } from './list-alerts/list-alerts.handler';
export { onRaised, onStaffStep } from './domain/alert-lifecycle';
export { DEFAULT_THRESHOLDS } from './domain/alert-rules';
