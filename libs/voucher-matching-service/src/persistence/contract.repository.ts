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
  /** A contract under which this institution may serve this insurer's voucher for this purpose on that date. */
  findCovering(query: CoverageQuery): Promise<Contract | null>;
}
