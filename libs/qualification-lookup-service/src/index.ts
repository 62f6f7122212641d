export { QualificationLookupModule, type QualificationLookupOptions } from './qualification-lookup.module';
export {
  loadQualificationLookupConfig,
  qualificationLookupStartupCheck,
  type QualificationLookupConfig,
} from './qualification-lookup.config';
export type { NationalEligibilitySystem } from './adapters/national-system.port';
export { upstreamAdaptersFor, type UpstreamAdapters } from './adapters/upstream-adapters';
export type { UpstreamAnswer, UpstreamMatch } from './adapters/generic-http.adapter';
export { EligibilitySourceKind, DEFAULT_SOURCES, sourceFor, type EligibilitySourceSettings } from './domain/eligibility-source';
export { QUALIFICATION_LOOKUP_TOPICS } from './qualification-lookup.topics';
export { qualificationLookupOpenApi, QUALIFICATION_LOOKUP_ROUTES } from './qualification-lookup.openapi';
