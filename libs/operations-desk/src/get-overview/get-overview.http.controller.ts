import { Controller, Get } from '@nestjs/common';
import type { StaffClaims } from '@hcv/contracts';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { GetOverviewHandler } from './get-overview.handler';

/**
 * The data behind the operations dashboard (GET /dashboard). Staff only: the central desk
 * (operator) sees the whole federation, a site manager only their own sites.
 */
@Controller('operations')
export class GetOverviewHttpController {
  constructor(private readonly handler: GetOverviewHandler) {}

  /** The federation overview: totals, one line per site and bus, active alerts, upstream circuits, consumer lag. */
  @Get('overview')
  @RequireRoles('operator', 'site-manager')
  async overview(@Staff() staff: StaffClaims) {
    return this.handler.handle(staff);
  }
}
