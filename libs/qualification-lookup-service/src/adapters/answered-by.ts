import type { EligibilityAnswerSource } from '@hcv/contracts';
import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import type { NationalEligibilitySystem } from './national-system.port';

/**
 * Who answers behind the port (qualification.resolved v2's `answeredBy`): what the adapter declares,
 * or `simulator` for the simulator (a library of its own that does not know the port). The
 * simulator's population has no 資格有効性 3: it never answers `changed-insurer`.
 */
export function answeredByOf(system: NationalEligibilitySystem): EligibilityAnswerSource | undefined {
  return system.answeredBy ?? (system instanceof EligibilitySimulator ? 'simulator' : undefined);
}
