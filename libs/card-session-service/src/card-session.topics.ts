import {
  DeviceActivatedV1,
  DeviceActivatedV2,
  DeviceCredentialIssuedV1,
  DeviceRetiredV1,
  DeviceSuspendedV1,
  EligibilityRequestedV2,
  QualificationTranscribedV2,
  SessionCancelledV1,
  SessionCardReadV1,
  SessionCompletedV3,
  SessionExpiredV1,
  SessionMethodRecordedV1,
  SessionOpenedV1,
  SessionVoucherPresentedV2,
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
      topics: [DeviceActivatedV1, DeviceActivatedV2, DeviceSuspendedV1, DeviceRetiredV1, DeviceCredentialIssuedV1],
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
    SessionOpenedV1,
    SessionCardReadV1,
    SessionVoucherPresentedV2,
    EligibilityRequestedV2,
    QualificationTranscribedV2,
    SessionMethodRecordedV1,
    SessionCancelledV1,
    SessionExpiredV1,
    SessionCompletedV3,
  ],
};
