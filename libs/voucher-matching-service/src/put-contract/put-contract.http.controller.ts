import { Body, Controller, Param, Put } from '@nestjs/common';
import { RequireRoles } from '@hcv/platform-access';
import { PutContractHandler } from './put-contract.handler';

@Controller('contracts')
export class PutContractHttpController {
  constructor(private readonly handler: PutContractHandler) {}

  /** Registers or replaces a contract (a new contract year replaces the old one under its id). */
  @Put(':contractId')
  @RequireRoles('operator')
  async put(@Param('contractId') contractId: string, @Body() body: unknown) {
    return this.handler.execute(contractId, body);
  }
}
