export { PlatformClient, PlatformHttpError, type PlatformUrls, type SessionView, type AuditEntry } from './platform-client';
export { fetchTransport, keepAliveTransport, type HttpTransport, type HttpAnswer } from './http-transport';
export {
  planFederation,
  FEDERATION_COORDINATOR,
  FEDERATION_UNIT_PRICES,
  type FederationPlan,
  type SitePlan,
  type VisitPlan,
} from './federation-plan';
export {
  driveVerification,
  driveInsurerOnlyDock,
  drivePinLockThenVisual,
  seedFederation,
  settleByPhone,
  SETTLEABLE,
  waitForDevices,
  type VerificationResult,
  type CardReadAnswer,
} from './drive-verification';
export { planLoad, DEFAULT_LOAD_MIX, type LoadPlan, type LoadVisit, type LoadMix, type LoadMethod } from './load-plan';
export { runLoad, type LoadOptions, type LoadProgress, type LoadReport, type OutcomeWaiter, type VisitStarter } from './load-driver';
export { summarise, percentile, formatMillis, type LatencySummary } from './latency-stats';
export { OutcomeFeed } from './outcome-feed';
export { formatProgress, formatReport } from './load-report';
export { keepTrafficFlowing, planLargeFederation, seedLargeFederation, type LargeFederation, type LargeSitePlan } from './large-federation';
