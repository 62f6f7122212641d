import { Controller, Get, Param } from '@nestjs/common';
import type { StaffClaims } from '@hcv/contracts';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { GetSiteHandler } from './get-site.handler';

@Controller()
export class GetSiteHttpController {
  constructor(private readonly handler: GetSiteHandler) {}

  @RequireRoles('operator', 'auditor', 'site-manager')
  @Get('sites/:siteId')
  async getSite(@Param('siteId') siteId: string, @Staff() staff: StaffClaims) {
    return this.handler.execute(siteId, staff);
  }
}
