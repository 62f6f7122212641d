export { OperationsDeskModule } from './operations-desk.module';
export { loadOperationsDeskConfig, type OperationsDeskConfig, type OperationsDeskOptions } from './operations-desk.config';
export { OPERATIONS_DESK_TOPICS } from './operations-desk.topics';
export { operationsDeskOpenApi, OPERATIONS_DESK_ROUTES } from './operations-desk.openapi';
