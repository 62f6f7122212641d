import { ChangeStampCheck } from '@hcv/persistence';
import type { Contract } from '../domain/contract';
import type { ContractRepository, CoverageQuery } from './contract.repository';

export interface ContractCacheOptions {
  /**
   * How often the repository's change stamp is read: a contract put through another instance
   * reaches this one's decisions within this time (the instance that took the put at once).
   */
  checkEveryMillis: number;
  /** An answer is read again after this long whatever the stamp says (a put that failed before its stamp). */
  maxAgeMillis: number;
  /** Answers kept at most (distinct insurer × institution × purpose × date); the oldest go first. */
  maxEntries: number;
}

export const DEFAULT_CONTRACT_CACHE: ContractCacheOptions = { checkEveryMillis: 1_000, maxEntries: 10_000, maxAgeMillis: 60_000 };

interface Entry {
  contracts: Promise<Contract[]>;
  at: number;
}

/**
 * `findCovering` answers kept in memory: every verification asks which contracts cover its visit,
 * and the answer changes only when a contract is put, rarely (a contract year, a new institution).
 * The cache compares the repository's change stamp at most every `checkEveryMillis` and forgets
 * everything when it moved; a put through this cache forgets at once. Answers are shared: callers
 * must not change the contracts they get.
 */
export class CachingContractRepository implements ContractRepository {
  private readonly entries = new Map<string, Entry>();
  /**
   * One copy of each contract (by id and time of its put) for every answer naming it: a 集合契約
   * names thousands of institutions, and each answer would otherwise hold its own copy.
   */
  private readonly copies = new Map<string, Contract>();
  private readonly stamp: ChangeStampCheck<string>;
  /** Moves on every forgetting: an answer read before it is not kept. */
  private generation = 0;

  constructor(
    private readonly inner: ContractRepository,
    private readonly options: ContractCacheOptions = DEFAULT_CONTRACT_CACHE,
    private readonly now: () => number = Date.now,
  ) {
    this.stamp = new ChangeStampCheck({
      read: () => this.inner.changeStamp(),
      checkEveryMillis: options.checkEveryMillis,
      now,
      changed: () => this.forget(),
    });
  }

  async put(contract: Contract): Promise<void> {
    try {
      await this.inner.put(contract);
    } finally {
      this.forget();
    }
  }

  get(contractId: string): Promise<Contract | null> {
    return this.inner.get(contractId);
  }

  changeStamp(): Promise<string> {
    return this.inner.changeStamp();
  }

  async findCovering(query: CoverageQuery): Promise<Contract[]> {
    await this.stamp.whenDue();
    const key = `${query.insurerNumber}|${query.institutionNumber}|${query.purpose}|${query.onDate}`;
    const now = this.now();
    const held = this.entries.get(key);
    if (held && now - held.at < this.options.maxAgeMillis) return held.contracts;
    const generation = this.generation;
    const contracts = this.inner.findCovering(query).then((found) => found.map((c) => this.shared(c)));
    const entry = { contracts, at: now };
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    try {
      return await contracts;
    } catch (error) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    } finally {
      // Read while a change was being noticed: answered, but not kept.
      if (generation !== this.generation && this.entries.get(key) === entry) this.entries.delete(key);
    }
  }

  private shared(contract: Contract): Contract {
    const held = this.copies.get(contract.contractId);
    if (held && held.updatedAt === contract.updatedAt) return held;
    this.copies.set(contract.contractId, contract);
    return contract;
  }

  private forget(): void {
    this.entries.clear();
    this.copies.clear();
    this.generation++;
  }
}
