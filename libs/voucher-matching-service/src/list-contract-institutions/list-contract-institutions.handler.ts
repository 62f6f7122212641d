import type { ContractInstitutionListResponse } from '@hcv/contracts';
import { NotFoundError } from '@hcv/domain';
import { assertContractId } from '../domain/contract';
import { contractInstitutionList, type ContractListColumn } from '../domain/contract-institution-list';
import type { ContractRepository } from '../persistence/contract.repository';
import type { InstitutionDirectory } from '../persistence/institution-directory.repository';

/**
 * The 実施機関一覧表 of one contract, built each time from the contract and what the registry
 * announced of its institutions and their devices (voucher-matching's read copy).
 */
export class ListContractInstitutionsHandler {
  constructor(
    private readonly contracts: ContractRepository,
    private readonly directory: InstitutionDirectory,
    private readonly columns: readonly ContractListColumn[],
    private readonly clock: () => Date,
  ) {}

  async execute(contractId: string): Promise<ContractInstitutionListResponse> {
    assertContractId(contractId);
    const contract = await this.contracts.get(contractId);
    if (!contract) throw new NotFoundError('contract', contractId);
    const [institutions, devices] = await Promise.all([
      this.directory.find(contract.institutionNumbers),
      this.directory.activeDevices(contract.institutionNumbers),
    ]);
    const list = contractInstitutionList(contract, institutions, devices, this.clock());
    return { ...list, columns: this.columns.map(({ key, label }) => ({ key, label })) };
  }
}
