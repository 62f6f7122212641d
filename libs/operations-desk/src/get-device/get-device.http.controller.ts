import { Controller, Get, Param } from '@nestjs/common';
import type { StaffClaims } from '@hcv/contracts';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { GetDeviceHandler } from './get-device.handler';

@Controller('operations')
export class GetDeviceHttpController {
  constructor(private readonly handler: GetDeviceHandler) {}

  /** One device: status, its site's line and alerts, its feed. */
  @Get('devices/:deviceId')
  @RequireRoles('operator', 'site-manager')
  async device(@Param('deviceId') deviceId: string, @Staff() staff: StaffClaims) {
    return this.handler.handle(deviceId, staff);
  }
}
