import type { Contract } from '../domain/contract';

export interface CoverageQuery {
  insurerNumber: string;
  institutionNumber: string;
  purpose: string;
  onDate: string;
}

/**
 * Whether `contract` covers the query: names its insurer and institution and purpose, valid on its
 * date (both ends included). `institutions`: the contract's institution numbers as a set, when the
 * caller keeps one (a 集合契約 names thousands).
 */
export function covers(contract: Contract, q: CoverageQuery, institutions?: ReadonlySet<string>): boolean {
  return (
    contract.insurerNumbers.includes(q.insurerNumber) &&
    (institutions ? institutions.has(q.institutionNumber) : contract.institutionNumbers.includes(q.institutionNumber)) &&
    (contract.purposes as string[]).includes(q.purpose) &&
    contract.validFrom <= q.onDate &&
    q.onDate <= contract.validUntil
  );
}

/** By contract id: the order of every list of contracts a repository answers. */
export const byContractId = (a: Contract, b: Contract) => (a.contractId < b.contractId ? -1 : a.contractId > b.contractId ? 1 : 0);

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
   * Every contract naming this insurer, whatever its institutions, purposes and validity, ordered by
   * contract id: what a cache keeps per insurer to answer `findCovering` (an insurer has few contracts).
   */
  namingInsurer(insurerNumber: string): Promise<Contract[]>;
  /**
   * A value that changes whenever a contract is put (by any instance): a cache of `findCovering`
   * answers compares it to tell whether what it holds may be out of date (contract.cache.ts).
   */
  changeStamp(): Promise<string>;
}
