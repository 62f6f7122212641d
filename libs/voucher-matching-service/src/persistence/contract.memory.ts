import { plainCopy } from '@hcv/messaging';
import type { Contract } from '../domain/contract';
import { byContractId, covers, type ContractRepository, type CoverageQuery } from './contract.repository';

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
      .sort(byContractId)
      .map((c) => plainCopy(c));
  }
  async namingInsurer(insurerNumber: string) {
    return [...this.contracts.values()]
      .filter((x) => x.insurerNumbers.includes(insurerNumber))
      .sort(byContractId)
      .map((c) => plainCopy(c));
  }
}
