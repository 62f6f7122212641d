import { plainCopy } from '@hcv/messaging';
import type { Contract } from '../domain/contract';
import type { ContractRepository, CoverageQuery } from './contract.repository';

const covers = (c: Contract, q: CoverageQuery) =>
  c.insurerNumbers.includes(q.insurerNumber) &&
  c.institutionNumbers.includes(q.institutionNumber) &&
  (c.purposes as string[]).includes(q.purpose) &&
  c.validFrom <= q.onDate &&
  q.onDate <= c.validUntil;

/** Contracts in a map (embedded mode, unit specs); the same contract as MongoContractRepository. */
export class InMemoryContractRepository implements ContractRepository {
  private readonly contracts = new Map<string, Contract>();
  private puts = 0;
  async put(contract: Contract) {
    this.contracts.set(contract.contractId, plainCopy(contract));
    this.puts++;
  }
  async changeStamp() {
    return String(this.puts);
  }
  async get(contractId: string) {
    const c = this.contracts.get(contractId);
    return c ? plainCopy(c) : null;
  }
  async findCovering(query: CoverageQuery) {
    return [...this.contracts.values()]
      .filter((x) => covers(x, query))
      .sort((a, b) => (a.contractId < b.contractId ? -1 : a.contractId > b.contractId ? 1 : 0))
      .map((c) => plainCopy(c));
  }
}
