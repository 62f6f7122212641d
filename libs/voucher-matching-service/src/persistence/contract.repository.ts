import type { Contract } from '../domain/contract';

export interface CoverageQuery {
  insurerNumber: string;
  institutionNumber: string;
  purpose: string;
  onDate: string;
}

export interface ContractRepository {
  put(contract: Contract): Promise<void>;
  get(contractId: string): Promise<Contract | null>;
  /**
   * Every contract under which this institution may serve this insurer's vouchers for this purpose on
   * that date (an institution may belong to several: 集合契約A, B and individual ones), ordered by
   * contract id so a decision is the same on every run; empty when none.
   */
  findCovering(query: CoverageQuery): Promise<Contract[]>;
  /**
   * A value that changes whenever a contract is put (by any instance): a cache of `findCovering`
   * answers compares it to tell whether what it holds may be out of date (contract.cache.ts).
   */
  changeStamp(): Promise<string>;
}
