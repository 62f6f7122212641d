import type { LookupResult } from '@hcv/contracts';
import { generatePopulation, type InsuredPerson } from './population';
import { seededRandom } from './seeded-random';

export interface SimulatorOptions {
  seed: number;
  size: number;
  /** Added to every answer, to model the national system's round trip. */
  latencyMillis?: number;
  /** Share of calls answered "service unavailable" (0–1). */
  failureRate?: number;
}

/**
 * A faithful stand-in for the national eligibility system (オンライン資格確認等システム) in its
 * eligibility-only variant: it answers with the result kinds the real one has — valid, lost (with
 * the date), no matching record, several matches, unavailable — and with nothing else (no health
 * information exists here to leak).
 */
export class EligibilitySimulator {
  private readonly byCard = new Map<string, InsuredPerson>();
  private readonly random: () => number;

  constructor(private readonly options: SimulatorOptions) {
    for (const person of generatePopulation(options)) this.byCard.set(person.cardReference, person);
    this.random = seededRandom(options.seed ^ 0x5eed);
  }

  /** The synthetic population, for seeding vouchers in tests and demos. */
  people(): InsuredPerson[] {
    return [...this.byCard.values()];
  }

  setFailureRate(rate: number): void {
    this.options.failureRate = rate;
  }

  async lookup(request: { cardReference: string; onDate: string }): Promise<LookupResult> {
    if (this.options.latencyMillis) await new Promise((r) => setTimeout(r, this.options.latencyMillis));
    if (this.options.failureRate && this.random() < this.options.failureRate) {
      return { status: 'unavailable', reason: 'the national eligibility system did not answer (simulated outage)' };
    }
    const person = this.byCard.get(request.cardReference);
    if (!person) return { status: 'not-found' };
    if (person.duplicated) return { status: 'multiple', candidates: 2 };
    const { lostOn } = person.qualification;
    if (lostOn && lostOn <= request.onDate) return { status: 'lost', qualification: person.qualification, lostOn };
    return { status: 'eligible', qualification: person.qualification };
  }
}
