import {
  DeviceActivatedV1,
  DeviceActivatedV2,
  DeviceCredentialIssuedV1,
  DeviceCredentialIssuedV2,
  DeviceRetiredV1,
  DeviceSuspendedV1,
  EligibilityRequestedV3,
  QualificationTranscribedV3,
  SessionCancelledV2,
  SessionCardProblemV1,
  SessionCardReadV2,
  SessionCompletedV4,
  SessionExpiredV2,
  SessionIdentityVerifiedV1,
  SessionMethodRecordedV2,
  SessionOpenedV2,
  SessionVoucherPresentedV3,
  VerificationOutcomeV1,
  VerificationOutcomeV2,
  VerificationOutcomeV3,
} from '@hcv/contracts';
import { consumerGroup, type ServiceTopics } from '@hcv/messaging';
import { RecordOutcomeConsumer } from './record-outcome/record-outcome.consumer';
import { TrackDevicesConsumer } from './track-devices/track-devices.consumer';

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
      group: 'card-session.outcomes',
      purpose: 'completes each session with its verification outcome (a later settlement supersedes a settleable one)',
      // One outcome per session (the key): sessions of a partition are completed at once.
      ordering: 'key',
      topics: [VerificationOutcomeV1, VerificationOutcomeV2, VerificationOutcomeV3],
      controllers: [RecordOutcomeConsumer],
    }),
  ],
  publishes: [
    SessionOpenedV2,
    SessionCardReadV2,
    SessionCardProblemV1,
    SessionIdentityVerifiedV1,
    SessionVoucherPresentedV3,
    EligibilityRequestedV3,
    QualificationTranscribedV3,
    SessionMethodRecordedV2,
    SessionCancelledV2,
    SessionExpiredV2,
    SessionCompletedV4,
  ],
};
