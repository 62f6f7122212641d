import {
  OperationsAlertAcknowledgedV1,
  OperationsAlertClearedV1,
  OperationsAlertRaisedV1,
  OperationsAlertResolvedV1,
} from '@hcv/contracts';
import type { ServiceTopics } from '@hcv/messaging';
import { OPERATIONS_CONTRACTS } from './record-operations/record-operations.handler';

/**
 * The operations desk runs in the audit process. Its read models are no consumer group of their
 * own: they are a projection of audit's group `audit.record` (each event is fetched once for the
 * ledger, the analytics and the desk), whose controller is audit's ProjectEventConsumer — so the
 * group is listed here with the desk's topics and no controller. The desk publishes the alerts and the staff's acknowledgements and resolutions.
 */
export const OPERATIONS_DESK_TOPICS: ServiceTopics = {
  service: 'audit',
  consumes: [
    {
      group: 'audit.record',
      purpose: 'the operations read models: a projection of audit’s group, run by its ProjectEventConsumer',
      idempotent: true,
      topics: OPERATIONS_CONTRACTS,
      controllers: [],
    },
  ],
  publishes: [OperationsAlertRaisedV1, OperationsAlertClearedV1, OperationsAlertAcknowledgedV1, OperationsAlertResolvedV1],
};
