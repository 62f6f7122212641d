import { Controller, Get, Query } from '@nestjs/common';
import type { StaffClaims } from '@hcv/contracts';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { GetOverviewHandler } from './get-overview.handler';
import { ListPrefecturesHandler } from './list-prefectures.handler';

/**
 * The desk's overview and tile map. Staff only: the central desk (operator) sees the whole
 * federation, a site manager only their own sites.
 */
@Controller('operations')
export class GetOverviewHttpController {
  constructor(
    private readonly handler: GetOverviewHandler,
    private readonly prefectures: ListPrefecturesHandler,
  ) {}

  /** Totals, groups by prefecture or region, and the filtered, sorted, paged sites and buses. */
  @Get('overview')
  @RequireRoles('operator', 'site-manager')
  async overview(@Query() query: Record<string, unknown>, @Staff() staff: StaffClaims) {
    return this.handler.handle(query, staff);
  }

  /** The 47 prefectures with their state, for the tile map. */
  @Get('prefectures')
  @RequireRoles('operator', 'site-manager')
  async list(@Staff() staff: StaffClaims) {
    return this.prefectures.handle(staff);
  }
}
