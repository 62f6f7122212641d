export const OPERATIONS = Symbol('OperationsRepository');
/** The alert monitor's evaluation interval (ms). */
export const OPERATIONS_INTERVAL = Symbol('OperationsInterval');
/** The desk's read models as a projection of audit's consumer group (see OperationsDeskModule.alongsideAudit). */
export const OPERATIONS_PROJECTION = Symbol('OperationsProjection');
/** The desk's alerts as people work with them (DeskAlertRepository). */
export const DESK_ALERTS = Symbol('DeskAlertRepository');
/** How often the desk's picture is rebuilt (ms). */
export const DESK_REFRESH_INTERVAL = Symbol('DeskRefreshInterval');
/** The stream's timing: heartbeat interval and the longest a stream stays open (ms). */
export const DESK_STREAM_TIMING = Symbol('DeskStreamTiming');
/** The built desk app and the origins its page may connect to. */
export const DESK_APP = Symbol('DeskApp');
