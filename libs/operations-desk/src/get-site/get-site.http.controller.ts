import { Controller, Get, Param } from '@nestjs/common';
import type { StaffClaims } from '@hcv/contracts';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { GetSiteHandler } from './get-site.handler';

@Controller('operations')
export class GetSiteHttpController {
  constructor(private readonly handler: GetSiteHandler) {}

  /** One site or bus: its line, devices, per-minute series, latest feed and alerts. */
  @Get('sites/:siteId')
  @RequireRoles('operator', 'site-manager')
  async site(@Param('siteId') siteId: string, @Staff() staff: StaffClaims) {
    return this.handler.handle(siteId, staff);
  }

  /** One bus: as a site, plus its day in JST (stops, operating hours, operating now). */
  @Get('buses/:busId')
  @RequireRoles('operator', 'site-manager')
  async bus(@Param('busId') busId: string, @Staff() staff: StaffClaims) {
    return this.handler.bus(busId, staff);
  }
}
