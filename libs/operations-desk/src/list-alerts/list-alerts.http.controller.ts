import { Controller, Get } from '@nestjs/common';
import type { StaffClaims } from '@hcv/contracts';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { ListAlertsHandler } from './list-alerts.handler';

@Controller('operations')
export class ListAlertsHttpController {
  constructor(private readonly handler: ListAlertsHandler) {}

  /** Active alerts and the latest cleared ones (of the reader's sites). */
  @Get('alerts')
  @RequireRoles('operator', 'site-manager')
  async alerts(@Staff() staff: StaffClaims) {
    return this.handler.handle(staff);
  }
}
