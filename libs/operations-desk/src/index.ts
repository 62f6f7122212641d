export { OperationsDeskModule } from './operations-desk.module';
export { loadOperationsDeskConfig, type OperationsDeskConfig, type OperationsDeskOptions } from './operations-desk.config';
export { OPERATIONS_DESK_TOPICS } from './operations-desk.topics';
export { operationsDeskOpenApi, OPERATIONS_DESK_ROUTES } from './operations-desk.openapi';
export { DeskChanges, type DeskChange, type DeskChangeEvent } from './refresh-desk/desk-changes';
export { PREFECTURES, REGIONS, prefectureByCode, type Prefecture, type RegionKey } from './domain/prefectures';
export { percentile } from './domain/percentile';
