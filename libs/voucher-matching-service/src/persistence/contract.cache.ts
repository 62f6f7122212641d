import { ChangeStampCheck } from '@hcv/persistence';
import type { Contract } from '../domain/contract';
import { byContractId, covers, type ContractRepository, type CoverageQuery } from './contract.repository';

export interface ContractCacheOptions {
  /**
   * How often the repository's change stamp is read: a contract put through another instance
   * reaches this one's decisions within this time (the instance that took the put at once).
   */
  checkEveryMillis: number;
  /**
   * While verifications come, the stamp is read this long before the check is due (ChangeStampCheck),
   * so none waits for its round trip (it held every verification in flight once per period); absent or 0: never ahead.
   */
  refreshAheadMillis?: number;
  /** An answer is read again after this long whatever the stamp says (a put that failed before its stamp). */
  maxAgeMillis: number;
  /** Insurers whose contracts are kept at most; the oldest go first. */
  maxEntries: number;
}

export const DEFAULT_CONTRACT_CACHE: ContractCacheOptions = {
  checkEveryMillis: 1_000,
  refreshAheadMillis: 250,
  maxEntries: 10_000,
  maxAgeMillis: 60_000,
};

/** The cache's settings for a check period (VOUCHER_CONTRACT_CHECK_MS): the stamp read ahead by a quarter of it. */
export function contractCacheEvery(checkEveryMillis: number): ContractCacheOptions {
  return { ...DEFAULT_CONTRACT_CACHE, checkEveryMillis, refreshAheadMillis: Math.floor(checkEveryMillis / 4) };
}

interface Entry {
  contracts: Promise<Contract[]>;
  at: number;
}

/**
 * `findCovering` answered from memory: every verification asks which contracts cover its visit,
 * and the answer changes only when a contract is put, rarely (a contract year, a new institution).
 * The cache keeps each insurer's contracts (`namingInsurer`: an insurer has few) and picks the
 * covering ones itself, so one read serves every institution, purpose and date of that insurer. It
 * compares the repository's change stamp at most every `checkEveryMillis` and forgets everything
 * when it moved; a put through this cache forgets at once. Contracts are shared: callers must not
 * change the contracts they get.
 */
export class CachingContractRepository implements ContractRepository {
  private readonly entries = new Map<string, Entry>();
  /**
   * One copy of each contract (by id and time of its put) for every answer naming it: a 集合契約
   * names thousands of institutions, and each answer would otherwise hold its own copy.
   */
  private readonly copies = new Map<string, Contract>();
  /** A shared contract's institutions as a set: a 集合契約 names thousands, asked once per verification. */
  private readonly institutions = new WeakMap<Contract, ReadonlySet<string>>();
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
      refreshAheadMillis: options.refreshAheadMillis,
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
    const contracts = await this.ofInsurer(query.insurerNumber);
    return contracts.filter((c) => this.covers(c, query)).sort(byContractId);
  }

  namingInsurer(insurerNumber: string): Promise<Contract[]> {
    return this.ofInsurer(insurerNumber).then((contracts) => [...contracts]);
  }

  private async ofInsurer(insurerNumber: string): Promise<Contract[]> {
    await this.stamp.whenDue();
    const key = insurerNumber;
    const now = this.now();
    const held = this.entries.get(key);
    if (held && now - held.at < this.options.maxAgeMillis) return held.contracts;
    const generation = this.generation;
    const contracts = this.inner.namingInsurer(insurerNumber).then((found) => found.map((c) => this.shared(c)));
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

  /** `covers` on a kept contract, its institutions looked up in a set. */
  private covers(c: Contract, q: CoverageQuery): boolean {
    let institutions = this.institutions.get(c);
    if (!institutions) this.institutions.set(c, (institutions = new Set(c.institutionNumbers)));
    return covers(c, q, institutions);
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
