import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import { isUpstreamSource, sourcesInUse, type UpstreamSourceKind } from '../domain/eligibility-source';
import type { QualificationLookupConfig } from '../qualification-lookup.config';
import { GenericHttpEligibility } from './generic-http.adapter';
import type { NationalEligibilitySystem } from './national-system.port';

/** The adapters behind the national-system port, one per upstream source in use. */
export type UpstreamAdapters = Partial<Record<UpstreamSourceKind, NationalEligibilitySystem>>;

/**
 * The adapters the configured sources need, and only those: the simulator only when a source names
 * it (never as a fallback), the generic HTTP adapter only when one names `generic-http` (its URL is
 * then required by the configuration). `device-reported` and `oqs-terminal` need none.
 */
export function upstreamAdaptersFor(config: QualificationLookupConfig): UpstreamAdapters {
  const adapters: UpstreamAdapters = {};
  for (const kind of sourcesInUse(config.sources)) {
    if (!isUpstreamSource(kind)) continue;
    if (kind === 'simulator') adapters.simulator = new EligibilitySimulator({ ...config.simulator });
    else
      adapters['generic-http'] = new GenericHttpEligibility({
        baseUrl: config.genericHttpUrl!,
        timeoutMillis: config.resilience.timeoutMillis,
      });
  }
  return adapters;
}
