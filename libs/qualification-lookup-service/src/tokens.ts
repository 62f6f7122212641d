export const LOOKUP_RECORDS = Symbol('LookupRecordRepository');
