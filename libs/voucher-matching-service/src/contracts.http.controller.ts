import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { ContractRequest } from '@hcv/contracts';
import { isValidInsurerNumber } from '@hcv/domain';
import { DomainError, NotFoundError } from '@hcv/domain';
import { parseRequest } from '@hcv/platform-http';
import { RequireRoles } from '@hcv/platform-access';
import type { ContractRepository } from './contracts/contract.repository';
import { CONTRACTS } from './tokens';

@Controller('contracts')
export class ContractsHttpController {
  constructor(@Inject(CONTRACTS) private readonly contracts: ContractRepository) {}

  /** Registers or replaces a contract (a new contract year replaces the old one under its id). */
  @Put(':contractId')
  @RequireRoles('operator')
  async put(@Param('contractId') contractId: string, @Body() body: unknown) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/.test(contractId)) throw new DomainError('invalid-contract-id', 'A contract id is 1–64 letters, digits, _ . : -.', 400);
    const request = parseRequest(ContractRequest, body);
    const bad = request.insurerNumbers.findIndex((n) => !isValidInsurerNumber(n));
    if (bad >= 0) throw new DomainError('invalid-insurer-number', `insurerNumbers.${bad}: the check digit is wrong.`, 400, `insurerNumbers.${bad}`);
    const contract = { ...request, contractId, updatedAt: new Date().toISOString() };
    await this.contracts.put(contract);
    return contract;
  }

  @Get(':contractId')
  @RequireRoles('operator', 'auditor', 'analyst')
  async get(@Param('contractId') contractId: string) {
    const contract = await this.contracts.get(contractId);
    if (!contract) throw new NotFoundError('contract', contractId);
    return contract;
  }
}
