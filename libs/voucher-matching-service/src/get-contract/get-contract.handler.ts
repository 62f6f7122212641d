import { NotFoundError } from '@hcv/domain';
import type { Contract } from '../domain/contract';
import type { ContractRepository } from '../persistence/contract.repository';

/** A contract as registered. */
export class GetContractHandler {
  constructor(private readonly contracts: ContractRepository) {}

  async execute(contractId: string): Promise<Contract> {
    const contract = await this.contracts.get(contractId);
    if (!contract) throw new NotFoundError('contract', contractId);
    return contract;
  }
}
