import type { Connection } from 'mongoose';
import type { ServiceName } from '@hcv/contracts';
import type { EventPublisher, MessageBus, ProcessedEventLog } from '@hcv/messaging';
import type { Logger } from '@hcv/observability';
import type { ReadinessPolicy } from './readiness';

/** Where a service keeps its state: its own MongoDB database, or memory (embedded mode). */
export type Storage = { kind: 'mongo'; connection: Connection } | { kind: 'memory' };

/**
 * Everything a service module needs from the outside, built by main.ts (Kafka + MongoDB) or by the
 * embedded runner (in-process bus + memory). Modules receive it through the RUNTIME token.
 */
export interface ServiceRuntime {
  service: ServiceName;
  bus: MessageBus;
  publisher: EventPublisher;
  processedLog: ProcessedEventLog;
  storage: Storage;
  logger: Logger;
  clock: () => Date;
  /** When /health/ready turns red and green (default DEFAULT_READINESS). */
  readiness?: ReadinessPolicy;
  /** How long the outbox relay gathers the removals of sent entries before one request (OUTBOX_PULL_LINGER_MS). */
  outboxPullLingerMillis?: number;
}

export const RUNTIME = Symbol('ServiceRuntime');

/** Picks the repository implementation that matches the runtime's storage. */
export function byStorage<T>(storage: Storage, impl: { mongo: (c: Connection) => T; memory: () => T }): T {
  switch (storage.kind) {
    case 'mongo':
      return impl.mongo(storage.connection);
    case 'memory':
      return impl.memory();
  }
}

/** A Nest provider body building the repository that matches the runtime's storage. */
export function storedIn<T>(runtime: ServiceRuntime, mongo: (c: Connection) => T, memory: () => T): { useFactory: () => T } {
  return { useFactory: () => byStorage<T>(runtime.storage, { mongo, memory }) };
}
