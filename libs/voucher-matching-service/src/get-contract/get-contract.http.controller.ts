import { Controller, Get, Param } from '@nestjs/common';
import { RequireRoles } from '@hcv/platform-access';
import { GetContractHandler } from './get-contract.handler';

@Controller('contracts')
export class GetContractHttpController {
  constructor(private readonly handler: GetContractHandler) {}

  @Get(':contractId')
  @RequireRoles('operator', 'auditor', 'analyst')
  async get(@Param('contractId') contractId: string) {
    return this.handler.execute(contractId);
  }
}
