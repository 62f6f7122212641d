import { Controller, Get, Param } from '@nestjs/common';
import type { StaffClaims } from '@hcv/contracts';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { GetSiteHandler } from './get-site.handler';

@Controller('operations')
export class GetSiteHttpController {
  constructor(private readonly handler: GetSiteHandler) {}

  /** One site or bus: its summary, devices, outcomes per minute over the last hour, and its latest feed. */
  @Get('sites/:siteId')
  @RequireRoles('operator', 'site-manager')
  async site(@Param('siteId') raw: string, @Staff() staff: StaffClaims) {
    return this.handler.handle(raw, staff);
  }
}
