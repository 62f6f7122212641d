import { Controller, Get, Param } from '@nestjs/common';
import { TourPath } from '@hcv/contracts';
import { AuthenticatedCaller, DeviceOrRoles, type Caller } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { GetTourHandler } from './get-tour.handler';

@Controller('tours')
export class GetTourHttpController {
  constructor(private readonly handler: GetTourHandler) {}

  /** A device of the bus (signed) or staff: the bus's stops of the day. */
  @Get(':busId/:tourDate')
  @DeviceOrRoles('operator', 'auditor', 'site-manager')
  async tour(@Param() params: unknown, @AuthenticatedCaller() caller: Caller) {
    const { busId, tourDate } = parseRequest(TourPath, params);
    return this.handler.execute(busId, tourDate, caller);
  }
}
