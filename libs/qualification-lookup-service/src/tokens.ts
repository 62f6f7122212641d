export const LOOKUP_RECORDS = Symbol('LookupRecordRepository');
/** The national system behind its rate limit, circuit breaker, timeout and retries. */
export const RESILIENT_LOOKUP = Symbol('ResilientLookup');
