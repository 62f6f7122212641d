export const OPERATIONS = Symbol('OperationsRepository');
/** The alert monitor's evaluation interval (ms). */
export const OPERATIONS_INTERVAL = Symbol('OperationsInterval');
/** The desk's read models as a projection of audit's consumer group (see OperationsDeskModule.alongsideAudit). */
export const OPERATIONS_PROJECTION = Symbol('OperationsProjection');
