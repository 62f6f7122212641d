export * from './envelope';
export * from './common';
export * from './event-draft';
export { DeviceRegisteredV1 } from './events/device-registered.v1';
export { DeviceActivatedV1 } from './events/device-activated.v1';
export { SessionOpenedV1 } from './events/session-opened.v1';
export { SessionCardReadV1 } from './events/session-card-read.v1';
export { SessionVoucherPresentedV1 } from './events/session-voucher-presented.v1';
export { EligibilityRequestedV1 } from './events/eligibility-requested.v1';
export { EligibilityRetryV1 } from './events/eligibility-retry.v1';
export { VoucherUseUndoneV1 } from './events/voucher-use-undone.v1';
export { VerificationOutcomeV2, VerificationOutcomeKindV2 } from './events/verification-outcome.v2';
export { SessionCompletedV2 } from './events/session-completed.v2';
export { QualificationResolvedV1, LookupResult, LookupRequestEcho } from './events/qualification-resolved.v1';
export { VerificationOutcomeV1 } from './events/verification-outcome.v1';
export { SessionCompletedV1 } from './events/session-completed.v1';
export { InstitutionRegisteredV1, InstitutionWithdrawnV1, SiteRegisteredV1 } from './events/institution-events.v1';
export { DeviceSuspendedV1, DeviceRetiredV1, DeviceCredentialIssuedV1, DeviceOfflineV1, DeviceOnlineV1 } from './events/device-lifecycle.v1';
export {
  SessionCancelledV1,
  SessionExpiredV1,
  SessionMethodRecordedV1,
  QualificationTranscribedV1,
  EligibilityMethod,
  AlternativeMethod,
  TranscribedEligibility,
} from './events/session-lifecycle.v1';
export * from './requests/register-device.request';
export * from './requests/registry.request';
export * from './requests/session.request';
export * from './requests/import-vouchers.request';
export { LookupCircuitChangedV1 } from './events/lookup-circuit-changed.v1';
export { OperationsAlertRaisedV1, OperationsAlertClearedV1, OperationsAlertKind } from './events/operations-alerts.v1';
export { ALL_EVENT_CONTRACTS, contractForTopic } from './registry';
export { ERROR_CATALOGUE, type ErrorCode } from './errors';
export * from './staff';
export * from './requests/audit.request';
export * from './requests/operations.request';
