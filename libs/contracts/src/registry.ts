import type { EventContract } from './envelope';
import { DeviceRegisteredV1 } from './events/device-registered.v1';
import { DeviceActivatedV1 } from './events/device-activated.v1';
import { SessionOpenedV1 } from './events/session-opened.v1';
import { SessionCardReadV1 } from './events/session-card-read.v1';
import { SessionVoucherPresentedV1 } from './events/session-voucher-presented.v1';
import { EligibilityRequestedV1 } from './events/eligibility-requested.v1';
import { QualificationResolvedV1 } from './events/qualification-resolved.v1';
import { VerificationOutcomeV1 } from './events/verification-outcome.v1';
import { SessionCompletedV1 } from './events/session-completed.v1';
import { EligibilityRetryV1 } from './events/eligibility-retry.v1';
import { VoucherUseUndoneV1 } from './events/voucher-use-undone.v1';
import { VerificationOutcomeV2 } from './events/verification-outcome.v2';
import { SessionCompletedV2 } from './events/session-completed.v2';
import { InstitutionRegisteredV1 } from './events/institution-registered.v1';
import { InstitutionRegisteredV2 } from './events/institution-registered.v2';
import { SessionOpenedV3 } from './events/session-opened.v3';
import { EligibilityRequestedV4 } from './events/eligibility-requested.v4';
import { EligibilityRetryV4 } from './events/eligibility-retry.v4';
import { QualificationResolvedV4 } from './events/qualification-resolved.v4';
import { QualificationTranscribedV4 } from './events/qualification-transcribed.v4';
import { VerificationOutcomeV4 } from './events/verification-outcome.v4';
import { InstitutionWithdrawnV1 } from './events/institution-withdrawn.v1';
import { SiteRegisteredV1 } from './events/site-registered.v1';
import { DeviceCredentialIssuedV1 } from './events/device-credential-issued.v1';
import { DeviceOfflineV1 } from './events/device-offline.v1';
import { DeviceOnlineV1 } from './events/device-online.v1';
import { DeviceRetiredV1 } from './events/device-retired.v1';
import { DeviceSuspendedV1 } from './events/device-suspended.v1';
import { QualificationTranscribedV1 } from './events/qualification-transcribed.v1';
import { SessionCancelledV1 } from './events/session-cancelled.v1';
import { SessionExpiredV1 } from './events/session-expired.v1';
import { SessionMethodRecordedV1 } from './events/session-method-recorded.v1';
import { LookupCircuitChangedV1 } from './events/lookup-circuit-changed.v1';
import { OperationsAlertClearedV1 } from './events/operations-alert-cleared.v1';
import { OperationsAlertRaisedV1 } from './events/operations-alert-raised.v1';
import { OperationsAlertAcknowledgedV1 } from './events/operations-alert-acknowledged.v1';
import { OperationsAlertResolvedV1 } from './events/operations-alert-resolved.v1';
import { SiteItineraryPlannedV1 } from './events/site-itinerary-planned.v1';
import { SessionVoucherPresentedV2 } from './events/session-voucher-presented.v2';
import { EligibilityRequestedV2 } from './events/eligibility-requested.v2';
import { QualificationResolvedV2 } from './events/qualification-resolved.v2';
import { QualificationTranscribedV2 } from './events/qualification-transcribed.v2';
import { VerificationOutcomeV3 } from './events/verification-outcome.v3';
import { SessionCompletedV3 } from './events/session-completed.v3';
import { VoucherUseUndoneV2 } from './events/voucher-use-undone.v2';
import { EligibilityRetryV2 } from './events/eligibility-retry.v2';
import { InsurerIntroducedV1 } from './events/insurer-introduced.v1';
import { InsurerWithdrawnV1 } from './events/insurer-withdrawn.v1';
import { SiteRegisteredV2 } from './events/site-registered.v2';
import { DeviceRegisteredV2 } from './events/device-registered.v2';
import { DeviceActivatedV2 } from './events/device-activated.v2';
import { DeviceCredentialIssuedV2 } from './events/device-credential-issued.v2';
import { DeviceCardReaderChangedV1 } from './events/device-card-reader-changed.v1';

// Eligibility as 資格確認限定型: the stop on every session event, who checked and how, card problems.
import { SessionOpenedV2 } from './events/session-opened.v2';
import { SessionCardReadV2 } from './events/session-card-read.v2';
import { SessionCardProblemV1 } from './events/session-card-problem.v1';
import { SessionIdentityVerifiedV1 } from './events/session-identity-verified.v1';
import { SessionSettlementRequestedV1 } from './events/session-settlement-requested.v1';
import { SessionVoucherPresentedV3 } from './events/session-voucher-presented.v3';
import { SessionMethodRecordedV2 } from './events/session-method-recorded.v2';
import { SessionCancelledV2 } from './events/session-cancelled.v2';
import { SessionExpiredV2 } from './events/session-expired.v2';
import { SessionCompletedV4 } from './events/session-completed.v4';
import { EligibilityRequestedV3 } from './events/eligibility-requested.v3';
import { QualificationTranscribedV3 } from './events/qualification-transcribed.v3';
import { QualificationResolvedV3 } from './events/qualification-resolved.v3';
import { EligibilityRetryV3 } from './events/eligibility-retry.v3';

// Buses: the pre-tour readiness check per bus and tour day.
import { TourReadinessCheckedV1 } from './events/tour-readiness-checked.v1';
import { TourMarkedReadyV1 } from './events/tour-marked-ready.v1';

/** Every event the platform knows; audit subscribes to all of them, and topics are created from it. */
export const ALL_EVENT_CONTRACTS: readonly EventContract[] = [
  DeviceRegisteredV1,
  DeviceActivatedV1,
  SessionOpenedV1,
  SessionCardReadV1,
  SessionVoucherPresentedV1,
  EligibilityRequestedV1,
  QualificationResolvedV1,
  VerificationOutcomeV1,
  SessionCompletedV1,
  InstitutionRegisteredV1,
  InstitutionWithdrawnV1,
  InstitutionRegisteredV2,
  SessionOpenedV3,
  EligibilityRequestedV4,
  EligibilityRetryV4,
  QualificationResolvedV4,
  QualificationTranscribedV4,
  VerificationOutcomeV4,
  SiteRegisteredV1,
  DeviceSuspendedV1,
  DeviceRetiredV1,
  DeviceCredentialIssuedV1,
  DeviceOfflineV1,
  DeviceOnlineV1,
  SessionCancelledV1,
  SessionExpiredV1,
  SessionMethodRecordedV1,
  QualificationTranscribedV1,
  EligibilityRetryV1,
  VoucherUseUndoneV1,
  VerificationOutcomeV2,
  SessionCompletedV2,
  LookupCircuitChangedV1,
  OperationsAlertRaisedV1,
  OperationsAlertClearedV1,
  SessionVoucherPresentedV2,
  EligibilityRequestedV2,
  QualificationResolvedV2,
  QualificationTranscribedV2,
  VerificationOutcomeV3,
  SessionCompletedV3,
  VoucherUseUndoneV2,
  EligibilityRetryV2,
  InsurerIntroducedV1,
  InsurerWithdrawnV1,
  SiteRegisteredV2,
  DeviceRegisteredV2,
  DeviceActivatedV2,
  DeviceCredentialIssuedV2,
  DeviceCardReaderChangedV1,
  SessionOpenedV2,
  SessionCardReadV2,
  SessionCardProblemV1,
  SessionIdentityVerifiedV1,
  SessionSettlementRequestedV1,
  SessionVoucherPresentedV3,
  SessionMethodRecordedV2,
  SessionCancelledV2,
  SessionExpiredV2,
  SessionCompletedV4,
  EligibilityRequestedV3,
  QualificationTranscribedV3,
  QualificationResolvedV3,
  EligibilityRetryV3,
  TourReadinessCheckedV1,
  TourMarkedReadyV1,
  SiteItineraryPlannedV1,
  OperationsAlertAcknowledgedV1,
  OperationsAlertResolvedV1,
];

const byTopic = new Map(ALL_EVENT_CONTRACTS.map((c) => [c.topic, c]));

export function contractForTopic(topic: string): EventContract | undefined {
  return byTopic.get(topic);
}
