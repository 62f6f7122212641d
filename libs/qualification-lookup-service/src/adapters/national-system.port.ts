import type { LookupResult } from '@hcv/contracts';

/**
 * The national eligibility system (オンライン資格確認等システム), eligibility-only variant. Adapters:
 * the simulator (development, tests, embedded mode) and, in production, an HTTP adapter.
 * The request carries only what the lookup needs; the answer only what matching needs.
 */
export interface NationalEligibilitySystem {
  lookup(request: { cardReference: string; onDate: string; institutionNumber: string }): Promise<LookupResult>;
}
