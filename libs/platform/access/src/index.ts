/** Who may call what: device request signatures and their nonce stores, staff tokens and roles, the guards that enforce them. */
export { DeviceAuthGuard, AuthenticatedDevice, DEVICE_CREDENTIALS, type DeviceCredentials } from './device-auth.guard';
export {
  Public,
  DeviceAuthenticated,
  RequireRoles,
  DeviceOrRoles,
  Staff,
  StaffAccessGuard,
  accessRuleOf,
  assertSiteAccess,
  canSeeSite,
  seesInsuranceNumbers,
} from './staff-access';
export { DEVICE_HEADERS, REPLAY_WINDOW_MILLIS, newDeviceSecret, signingKeyFromSecret, signRequest, signature } from './device-signature';
export { authenticateDevice, InMemoryNonceStore, type DeviceCredentialView, type NonceStore } from './device-authenticator';
export { issueStaffToken, StaffTokenVerifier, staffTokenSecretFromEnv, staffTokensForAllRoles, MIN_SECRET_LENGTH } from './staff-token';
export { MongoNonceStore } from './mongo-nonce-store';
export {
  NonceRecordedByWrite,
  PENDING_NONCE_FALLBACK,
  handleWithPendingNonce,
  pendingNonce,
  replayedNonce,
  withPendingNonce,
  withoutPendingNonce,
  type PendingNonce,
  type PendingNonceFallback,
  type PendingNonceRequest,
} from './pending-nonce';
export {
  DEFAULT_CLAIM_MAPPING,
  OIDC_ALGORITHMS,
  OidcStaffTokenVerifier,
  staffClaimsFrom,
  type OidcAlgorithm,
  type OidcStaffTokenOptions,
  type StaffClaimMapping,
  type StaffTokens,
} from './oidc-staff-token';
export { StaffAuthEnv, loadStaffAuthEnv, staffTokensFromEnv } from './staff-auth.config';
export { DeviceOrStaffGuard, AuthenticatedCaller, type Caller } from './device-or-staff.guard';
export {
  DEV_DEVICE_KEY_ENCRYPTION_KEY,
  DeviceKeySealError,
  openDeviceKey,
  sealDeviceKey,
  SEALED_DEVICE_KEY,
  type DeviceKeyRing,
} from './device-key-seal';
