import { ALL_EVENT_CONTRACTS, OperationsAlertClearedV1, OperationsAlertRaisedV1 } from '@hcv/contracts';
import { consumerGroup, type ServiceTopics } from '@hcv/messaging';
import { ProjectEventConsumer } from './project-event/project-event.consumer';

/** audit's consumer group (→ topics → controllers) and the events it publishes (the operations desk's alerts). */
export const AUDIT_TOPICS: ServiceTopics = {
  service: 'audit',
  consumes: [
    consumerGroup({
      // The ledger's group name of old, so its committed offsets carried over when the three
      // projections became one group.
      group: 'audit.record',
      purpose: 'every event into the ledger, the analytics rollups and the operations read models',
      // Partition order (the default) keeps each hash chain in offset order. Every projection is
      // safe to repeat, so the processed-event log would cost two round trips per event and protect nothing.
      idempotent: true,
      topics: ALL_EVENT_CONTRACTS,
      controllers: [ProjectEventConsumer],
    }),
  ],
  publishes: [OperationsAlertRaisedV1, OperationsAlertClearedV1],
};
