export {
  commandCollection,
  commandCounting,
  connectMongo,
  driverConnectionClass,
  DEFAULT_MONGO_TIMEOUTS,
  UNCOUNTED_MONGO_COMMANDS,
  type MongoCommandObserver,
  type MongoTimeouts,
} from './mongo-connection';
export { MongoProcessedEventLog } from './mongo-processed-event-log';
export { duplicateKeyIndexes, isDuplicateKeyError } from './duplicate-key';
export { RoundTripCoalescer } from './round-trip-coalescer';
export { BatchedSessionMerges } from './batched-session-merges';
export { BatchedWrites, type BatchedWrite } from './batched-writes';
export { definedFields, InsertOnceBatches } from './insert-once-batches';
export { ChangeStampCheck } from './change-stamp-check';
export { outboxSchemaPath, toOutboxEntry, withoutOutbox, type OutboxEntry, type OutboxStore, type WithOutbox } from './outbox/outbox-entry';
export { copyWithoutOutbox, InMemoryOutboxStore, storedEntries, storeWithOutbox } from './outbox/in-memory-outbox-store';
export { MongoOutboxStore } from './outbox/mongo-outbox-store';
export { insertOnceWithOutbox, pushOutbox, replaceKeepingOutbox } from './outbox/mongo-outbox-update';
export { changesKeepingOutbox } from './outbox/changes-keeping-outbox';
export {
  OutboxRelay,
  type DispatchOptions,
  type Outbox,
  type OutboxRelayObserver,
  type OutboxRelayOptions,
  type OutboxRelayStats,
} from './outbox/outbox-relay';
export {
  AggregateStore,
  MAX_WRITE_ATTEMPTS,
  withWriteAttempts,
  type AggregateStoreOptions,
  type AggregateWrites,
  type RecentCopies,
  type UpdateOptions,
} from './unit-of-work/aggregate-store';
export { InMemoryAggregateWrites } from './unit-of-work/in-memory-aggregate-writes';
