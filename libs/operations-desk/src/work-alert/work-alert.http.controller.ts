import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import type { StaffClaims } from '@hcv/contracts';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { WorkAlertHandler } from './work-alert.handler';

/** Acknowledge and resolve: the central desk (operator), or a site manager for the alerts of their own sites. */
@Controller('operations/alerts')
export class WorkAlertHttpController {
  constructor(private readonly handler: WorkAlertHandler) {}

  @Post(':alertId/acknowledge')
  @HttpCode(200)
  @RequireRoles('operator', 'site-manager')
  async acknowledge(@Param('alertId') alertId: string, @Body() body: unknown, @Staff() staff: StaffClaims) {
    return this.handler.acknowledge(alertId, body, staff);
  }

  @Post(':alertId/resolve')
  @HttpCode(200)
  @RequireRoles('operator', 'site-manager')
  async resolve(@Param('alertId') alertId: string, @Body() body: unknown, @Staff() staff: StaffClaims) {
    return this.handler.resolve(alertId, body, staff);
  }
}
