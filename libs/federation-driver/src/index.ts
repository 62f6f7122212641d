export { PlatformClient, PlatformHttpError, type PlatformUrls, type SessionView, type AuditEntry } from './platform-client';
export { planFederation, type FederationPlan, type SitePlan, type VisitPlan } from './federation-plan';
export { driveVerification, seedFederation, type VerificationResult } from './drive-verification';
