export { QualificationLookupModule, type QualificationLookupOptions } from './qualification-lookup.module';
export { loadQualificationLookupConfig, type QualificationLookupConfig } from './qualification-lookup.config';
export type { NationalEligibilitySystem } from './adapters/national-system.port';
export { simulatorFromEnv } from './adapters/simulator.adapter';
export type { UpstreamAnswer, UpstreamMatch } from './adapters/http-national-system.adapter';
export { QUALIFICATION_LOOKUP_TOPICS } from './qualification-lookup.topics';
export { qualificationLookupOpenApi, QUALIFICATION_LOOKUP_ROUTES } from './qualification-lookup.openapi';
