import { Controller, Get, Param } from '@nestjs/common';
import { RequireRoles } from '@hcv/platform-access';
import { GetInsurerHandler } from './get-insurer.handler';

@Controller()
export class GetInsurerHttpController {
  constructor(private readonly handler: GetInsurerHandler) {}

  @RequireRoles('operator', 'auditor', 'analyst')
  @Get('insurers/:onlineEligibilityCode')
  async getInsurer(@Param('onlineEligibilityCode') code: string) {
    return this.handler.execute(code);
  }
}
