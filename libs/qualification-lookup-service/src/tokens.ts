export const LOOKUP_RECORDS = Symbol('LookupRecordRepository');
/** The adapters behind the national-system port, each behind its rate limit, circuit breaker, timeout and retries, by source. */
export const UPSTREAMS = Symbol('Upstreams');
/** The questions waiting for 既存型 institutions' on-site bridges. */
export const BRIDGE_REQUESTS = Symbol('BridgeRequestRepository');
/** The devices the bridges' signed calls are checked against. */
export const BRIDGE_DEVICES = Symbol('BridgeDeviceDirectory');
