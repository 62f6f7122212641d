import type { EligibilityAnswerSource } from '@hcv/contracts';
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

/**
 * Who answers behind the port: what the adapter declares, or `simulator` for the simulator (a library
 * of its own that does not know the port). The simulator's population has no 資格有効性 3: it never
 * answers `changed-insurer`.
 */
export function answeredByOf(system: NationalEligibilitySystem): EligibilityAnswerSource | undefined {
  return system.answeredBy ?? (system instanceof EligibilitySimulator ? 'simulator' : undefined);
}
