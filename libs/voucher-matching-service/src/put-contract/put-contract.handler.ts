import { ContractRequest } from '@hcv/contracts';
import { parseRequest } from '@hcv/platform-http';
import { assertContractId, contractOf, type Contract } from '../domain/contract';
import type { ContractRepository } from '../persistence/contract.repository';

/** Registers or replaces a contract (a new contract year replaces the old one under its id). */
export class PutContractHandler {
  constructor(
    private readonly contracts: ContractRepository,
    private readonly clock: () => Date,
  ) {}

  async execute(contractId: string, body: unknown): Promise<Contract> {
    assertContractId(contractId);
    const contract = contractOf(contractId, parseRequest(ContractRequest, body), this.clock());
    await this.contracts.put(contract);
    return contract;
  }
}
