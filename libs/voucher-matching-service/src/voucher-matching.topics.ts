import {
  DeviceActivatedV1,
  DeviceRetiredV1,
  DeviceSuspendedV1,
  InstitutionRegisteredV1,
  InstitutionRegisteredV2,
  InsurerIntroducedV1,
  QualificationResolvedV1,
  QualificationResolvedV2,
  QualificationResolvedV3,
  QualificationResolvedV4,
  QualificationTranscribedV1,
  QualificationTranscribedV2,
  QualificationTranscribedV3,
  QualificationTranscribedV4,
  SiteRegisteredV1,
  SiteRegisteredV2,
  VerificationOutcomeV3,
  VerificationOutcomeV4,
  VoucherUseUndoneV2,
} from '@hcv/contracts';
import { consumerGroup, type ServiceTopics } from '@hcv/messaging';
import { MatchVoucherConsumer } from './match-voucher/match-voucher.consumer';
import { RecordInstitutionConsumer } from './record-institution/record-institution.consumer';
import { RecordSiteConsumer } from './record-site/record-site.consumer';

/** voucher-matching's consumer groups (→ topics → controllers) and the events it publishes. */
export const VOUCHER_MATCHING_TOPICS: ServiceTopics = {
  service: 'voucher-matching',
  consumes: [
    consumerGroup({
      group: 'voucher-matching.match',
      purpose: 'decides each verification from the presented voucher, the eligibility answer, the imported record and the contracts',
      // Keyed by session; a voucher's use is decided by its atomic claim, not by message order.
      ordering: 'key',
      // A request that comes again changes nothing: its decision is written once per request event
      // (insert-once keyed by it) and its claim once per request (the use names it, in the history
      // even after an undo). The processed-event log's check and record per batch would protect nothing.
      idempotent: true,
      // v2 and v1 requests (v1: voucher number only) stay readable for events already on the topics.
      // v4: a session on an insurer's own device (the operator named by its code).
      topics: [
        QualificationResolvedV4,
        QualificationTranscribedV4,
        QualificationResolvedV3,
        QualificationTranscribedV3,
        QualificationResolvedV2,
        QualificationTranscribedV2,
        QualificationResolvedV1,
        QualificationTranscribedV1,
      ],
      controllers: [MatchVoucherConsumer],
    }),
    consumerGroup({
      group: 'voucher-matching.sites',
      purpose: 'keeps site names, to say where a voucher was first used',
      ordering: 'key',
      topics: [SiteRegisteredV1, SiteRegisteredV2],
      controllers: [RecordSiteConsumer],
    }),
    consumerGroup({
      group: 'voucher-matching.institutions',
      purpose:
        'keeps institutions and their devices’ states (the 実施機関一覧表 of a contract) and the insurer number of each insurer running checkups itself',
      // Keyed by institution / device; a device's state is newest-by-time, its events come on several topics.
      ordering: 'key',
      topics: [
        InstitutionRegisteredV2,
        InstitutionRegisteredV1,
        InsurerIntroducedV1,
        DeviceActivatedV1,
        DeviceSuspendedV1,
        DeviceRetiredV1,
      ],
      controllers: [RecordInstitutionConsumer],
    }),
  ],
  // v4 for a session on an insurer's own device; v3 for an institution's.
  publishes: [VerificationOutcomeV3, VerificationOutcomeV4, VoucherUseUndoneV2],
};
