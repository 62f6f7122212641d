import { QualificationResolvedV1, QualificationTranscribedV1, VerificationOutcomeV2, VoucherUseUndoneV2 } from '@hcv/contracts';
import { consumerGroup, type ServiceTopics } from '@hcv/messaging';
import { MatchVoucherConsumer } from './match-voucher/match-voucher.consumer';

/** voucher-matching's consumer groups (→ topics → controllers) and the events it publishes. */
export const VOUCHER_MATCHING_TOPICS: ServiceTopics = {
  service: 'voucher-matching',
  consumes: [
    consumerGroup({
      group: 'voucher-matching.match',
      purpose: 'decides each verification from the qualification and the voucher',
      // Keyed by session; a voucher's single use is decided by its atomic claim, not by message order.
      ordering: 'key',
      topics: [QualificationResolvedV1, QualificationTranscribedV1],
      controllers: [MatchVoucherConsumer],
    }),
  ],
  publishes: [VerificationOutcomeV2, VoucherUseUndoneV2],
};
