export { QualificationLookupModule } from './qualification-lookup.module';
export type { NationalEligibilitySystem } from './national-system/national-eligibility-system.port';
export { simulatorFromEnv } from './national-system/simulator.adapter';
export type { UpstreamAnswer, UpstreamMatch } from './national-system/http-national-system.adapter';
export { QUALIFICATION_LOOKUP_TOPICS } from './qualification-lookup.topics';
export { qualificationLookupOpenApi, QUALIFICATION_LOOKUP_ROUTES } from './qualification-lookup.openapi';
