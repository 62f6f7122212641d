import { Controller, Get, Query } from '@nestjs/common';
import type { StaffClaims } from '@hcv/contracts';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { ListSessionsHandler } from './list-sessions.handler';

/** The auditors' search: by session, device, site, institution, insurer and time range. */
@Controller('audit')
export class ListSessionsHttpController {
  constructor(private readonly handler: ListSessionsHandler) {}

  /** Sessions (with their stories, without the raw events) matching the search, oldest first. */
  @Get('sessions')
  @RequireRoles('auditor', 'operator', 'site-manager')
  async sessions(@Query() query: unknown, @Staff() staff: StaffClaims) {
    return this.handler.handle(query, staff);
  }
}
