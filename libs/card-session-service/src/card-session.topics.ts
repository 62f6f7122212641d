import {
  DeviceActivatedV1,
  DeviceActivatedV2,
  DeviceCredentialIssuedV1,
  DeviceCredentialIssuedV2,
  DeviceRetiredV1,
  DeviceSuspendedV1,
  EligibilityRequestedV3,
  EligibilityRequestedV4,
  QualificationTranscribedV3,
  QualificationTranscribedV4,
  SessionCancelledV2,
  SessionCardProblemV1,
  SessionCardReadV2,
  SessionCompletedV4,
  SessionExpiredV2,
  SessionIdentityVerifiedV1,
  SessionMethodRecordedV2,
  SessionOpenedV2,
  SessionOpenedV3,
  SessionSettlementRequestedV1,
  SessionVoucherPresentedV3,
  SiteItineraryPlannedV1,
  SiteRegisteredV2,
  VerificationOutcomeV1,
  VerificationOutcomeV2,
  VerificationOutcomeV3,
  VerificationOutcomeV4,
} from '@hcv/contracts';
import { consumerGroup, type ServiceTopics } from '@hcv/messaging';
import { RecordOutcomeConsumer } from './record-outcome/record-outcome.consumer';
import { TrackDevicesConsumer } from './track-devices/track-devices.consumer';
import { TrackSitesConsumer } from './track-sites/track-sites.consumer';

/** card-session's consumer groups (→ topics → controllers) and the events it publishes. */
export const CARD_SESSION_TOPICS: ServiceTopics = {
  service: 'card-session',
  consumes: [
    consumerGroup({
      group: 'card-session.device-directory',
      purpose: 'keeps the devices card-session signs requests against',
      topics: [
        DeviceActivatedV1,
        DeviceActivatedV2,
        DeviceSuspendedV1,
        DeviceRetiredV1,
        DeviceCredentialIssuedV1,
        DeviceCredentialIssuedV2,
      ],
      controllers: [TrackDevicesConsumer],
    }),
    consumerGroup({
      group: 'card-session.site-directory',
      purpose: 'keeps the sites of its devices: name, kind and a bus’s itinerary (what a device is shown of its day)',
      topics: [SiteRegisteredV2, SiteItineraryPlannedV1],
      controllers: [TrackSitesConsumer],
    }),
    consumerGroup({
      group: 'card-session.outcomes',
      purpose: 'completes each session with its verification outcome (a later settlement supersedes a settleable one)',
      // One outcome per session (the key): sessions of a partition are completed at once.
      ordering: 'key',
      // An outcome that comes again changes nothing (the session is finished, and a settlement applies
      // to a settleable outcome only, once): the processed-event log's check and record per batch would protect nothing.
      idempotent: true,
      topics: [VerificationOutcomeV1, VerificationOutcomeV2, VerificationOutcomeV3, VerificationOutcomeV4],
      controllers: [RecordOutcomeConsumer],
    }),
  ],
  // An insurer's sessions (on its own devices) publish session.opened v3, eligibility.requested v4 and
  // qualification.transcribed v4, which name its code; an institution's keep the earlier versions.
  publishes: [
    SessionOpenedV2,
    SessionOpenedV3,
    SessionCardReadV2,
    SessionCardProblemV1,
    SessionIdentityVerifiedV1,
    SessionVoucherPresentedV3,
    EligibilityRequestedV3,
    EligibilityRequestedV4,
    QualificationTranscribedV3,
    QualificationTranscribedV4,
    SessionMethodRecordedV2,
    SessionCancelledV2,
    SessionExpiredV2,
    SessionCompletedV4,
    SessionSettlementRequestedV1,
  ],
};
