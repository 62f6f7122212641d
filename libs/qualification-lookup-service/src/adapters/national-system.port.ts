import type { EligibilityAnswerSource, LookupResultV2 } from '@hcv/contracts';

/**
 * The national eligibility system (オンライン資格確認等システム), eligibility-only variant. Adapters:
 * the simulator (development, tests, embedded mode) and, in production, an HTTP adapter.
 * The request carries only what the lookup needs (never the voucher); the answer only what matching
 * needs — `changed-insurer` where the adapter can tell 資格有効性 3 from 2.
 */
export interface NationalEligibilitySystem {
  /** Who answers, as qualification.resolved v2 names it (`answeredBy`); absent when the adapter does not say. */
  readonly answeredBy?: EligibilityAnswerSource;
  lookup(request: { cardReference: string; onDate: string; institutionNumber: string }): Promise<LookupResultV2>;
}
