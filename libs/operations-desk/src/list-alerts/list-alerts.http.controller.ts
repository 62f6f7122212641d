import { Controller, Get, Param, Query } from '@nestjs/common';
import type { StaffClaims } from '@hcv/contracts';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { ListAlertsHandler } from './list-alerts.handler';

@Controller('operations')
export class ListAlertsHttpController {
  constructor(private readonly handler: ListAlertsHandler) {}

  /** Alerts in a state (open, acknowledged, resolved; all when absent), newest change first, of the reader's sites. */
  @Get('alerts')
  @RequireRoles('operator', 'site-manager')
  async alerts(@Query() query: Record<string, unknown>, @Staff() staff: StaffClaims) {
    return this.handler.handle(query, staff);
  }

  /** One alert with its history. */
  @Get('alerts/:alertId')
  @RequireRoles('operator', 'site-manager')
  async alert(@Param('alertId') alertId: string, @Staff() staff: StaffClaims) {
    return this.handler.one(alertId, staff);
  }
}
