import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import { loadQualificationLookupConfig, type QualificationLookupConfig } from '../qualification-lookup.config';
import { HttpNationalSystem } from './http-national-system.adapter';
import type { NationalEligibilitySystem } from './national-system.port';

/**
 * The port's adapter, from the service's configuration (parsed from the environment when not
 * given; fails fast when invalid): the HTTP adapter when NATIONAL_SYSTEM_URL is set, otherwise the
 * simulator.
 */
export function simulatorFromEnv(config: QualificationLookupConfig = loadQualificationLookupConfig()): NationalEligibilitySystem {
  if (config.nationalSystemUrl)
    return new HttpNationalSystem({ baseUrl: config.nationalSystemUrl, timeoutMillis: config.resilience.timeoutMillis });
  return new EligibilitySimulator({ ...config.simulator });
}
