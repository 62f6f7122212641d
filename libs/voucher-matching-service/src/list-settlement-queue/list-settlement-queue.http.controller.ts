import { Controller, Get, Query } from '@nestjs/common';
import type { StaffClaims } from '@hcv/contracts';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { ListSettlementQueueHandler } from './list-settlement-queue.handler';

@Controller('decisions')
export class ListSettlementQueueHttpController {
  constructor(private readonly handler: ListSettlementQueueHandler) {}

  /** The manual-settlement queue (`state=needs-settlement`): operators, and site managers for their own sites. */
  @Get()
  @RequireRoles('operator', 'site-manager')
  async queue(@Query() query: Record<string, unknown>, @Staff() staff: StaffClaims) {
    return this.handler.handle(query, staff);
  }
}
