import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { TourPath } from '@hcv/contracts';
import { AuthenticatedCaller, DeviceOrRoles, type Caller } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { MarkTourReadyHandler } from './mark-tour-ready.handler';

@Controller('tours')
export class MarkTourReadyHttpController {
  constructor(private readonly handler: MarkTourReadyHandler) {}

  /** A device of the bus (signed) or staff: marks the tour day ready (409 tour-not-ready while a check is red). */
  @Post(':busId/:tourDate/ready')
  @HttpCode(200)
  @DeviceOrRoles('operator', 'site-manager')
  async ready(@Param() params: unknown, @AuthenticatedCaller() caller: Caller) {
    const { busId, tourDate } = parseRequest(TourPath, params);
    return this.handler.execute(busId, tourDate, caller);
  }
}
