import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ReadinessCheckRequest, TourPath } from '@hcv/contracts';
import { AuthenticatedDevice, DeviceAuthenticated, type DeviceCredentialView } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { CheckTourReadinessHandler } from './check-tour-readiness.handler';

@Controller('tours')
export class CheckTourReadinessHttpController {
  constructor(private readonly handler: CheckTourReadinessHandler) {}

  /** Device-signed, by a device of the bus: its pre-tour readiness check for the day. */
  @Post(':busId/:tourDate/readiness-checks')
  @HttpCode(201)
  @DeviceAuthenticated()
  async check(@Param() params: unknown, @Body() body: unknown, @AuthenticatedDevice() caller: DeviceCredentialView) {
    const { busId, tourDate } = parseRequest(TourPath, params);
    return this.handler.execute(busId, tourDate, caller.deviceId, parseRequest(ReadinessCheckRequest, body));
  }
}
