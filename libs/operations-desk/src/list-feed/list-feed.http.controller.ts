import { Controller, Get, Query } from '@nestjs/common';
import type { StaffClaims } from '@hcv/contracts';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { ListFeedHandler } from './list-feed.handler';

@Controller('operations')
export class ListFeedHttpController {
  constructor(private readonly handler: ListFeedHandler) {}

  /** The live feed, newest first: outcomes, devices going offline/online, circuit changes, alerts. */
  @Get('feed')
  @RequireRoles('operator', 'site-manager')
  async feed(@Query() query: unknown, @Staff() staff: StaffClaims) {
    return this.handler.handle(query, staff);
  }
}
