import { Controller, Get, Query } from '@nestjs/common';
import type { StaffClaims } from '@hcv/contracts';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { ListEventsHandler } from './list-events.handler';

@Controller('audit')
export class ListEventsHttpController {
  constructor(private readonly handler: ListEventsHandler) {}

  /** Records by type, facets and time range (oldest first). */
  @Get('events')
  @RequireRoles('auditor', 'operator', 'site-manager')
  async events(@Query() query: unknown, @Staff() staff: StaffClaims) {
    return this.handler.handle(query, staff);
  }
}
