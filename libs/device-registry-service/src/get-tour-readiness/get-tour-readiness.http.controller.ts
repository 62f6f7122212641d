import { Controller, Get, Param } from '@nestjs/common';
import { TourPath } from '@hcv/contracts';
import { AuthenticatedCaller, DeviceOrRoles, type Caller } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { GetTourReadinessHandler } from './get-tour-readiness.handler';

@Controller('tours')
export class GetTourReadinessHttpController {
  constructor(private readonly handler: GetTourReadinessHandler) {}

  /** A device of the bus (signed) or staff: the bus's readiness report for the day. */
  @Get(':busId/:tourDate/readiness')
  @DeviceOrRoles('operator', 'auditor', 'site-manager')
  async readiness(@Param() params: unknown, @AuthenticatedCaller() caller: Caller) {
    const { busId, tourDate } = parseRequest(TourPath, params);
    return this.handler.execute(busId, tourDate, caller);
  }
}
