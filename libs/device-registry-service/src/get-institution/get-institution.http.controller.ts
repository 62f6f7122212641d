import { Controller, Get, Param } from '@nestjs/common';
import { RequireRoles } from '@hcv/platform-access';
import { GetInstitutionHandler } from './get-institution.handler';

@Controller()
export class GetInstitutionHttpController {
  constructor(private readonly handler: GetInstitutionHandler) {}

  @RequireRoles('operator', 'auditor', 'analyst')
  @Get('institutions/:institutionNumber')
  async getInstitution(@Param('institutionNumber') institutionNumber: string) {
    return this.handler.execute(institutionNumber);
  }
}
