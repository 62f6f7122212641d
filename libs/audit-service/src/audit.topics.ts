import { ALL_EVENT_CONTRACTS } from '@hcv/contracts';
import { consumerGroup, type ServiceTopics } from '@hcv/messaging';
import { ProjectEventConsumer } from './project-event/project-event.consumer';

/**
 * audit's consumer group (→ topics → controllers). It publishes nothing itself: the operations desk,
 * which runs in the same process and whose read models are a projection of this group, publishes
 * the alerts (libs/operations-desk, OPERATIONS_DESK_TOPICS).
 */
export const AUDIT_TOPICS: ServiceTopics = {
  service: 'audit',
  consumes: [
    consumerGroup({
      // The ledger's group name of old, so its committed offsets carried over when the three
      // projections became one group.
      group: 'audit.record',
      purpose: 'every event into the ledger, the analytics rollups and the operations read models',
      // Partition order, kept from each message's start: a fetched batch's messages are started in
      // offset order, each once its projections are under way (the ledger's chain append queued,
      // appended in call order; the others keep each key's events in order), so the batch's
      // writes leave together — one round per collection instead of one per message. Every
      // projection is safe to repeat, so the processed-event log would cost two round trips per
      // event and protect nothing.
      ordering: 'partition-start',
      idempotent: true,
      topics: ALL_EVENT_CONTRACTS,
      controllers: [ProjectEventConsumer],
    }),
  ],
  publishes: [],
};
