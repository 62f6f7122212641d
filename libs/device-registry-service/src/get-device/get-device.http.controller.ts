import { Controller, Get, Param } from '@nestjs/common';
import type { StaffClaims } from '@hcv/contracts';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { deviceView } from '../domain/device-view';
import { GetDeviceHandler } from './get-device.handler';

@Controller('devices')
export class GetDeviceHttpController {
  constructor(private readonly handler: GetDeviceHandler) {}

  @Get(':deviceId')
  @RequireRoles('operator', 'auditor', 'site-manager')
  async getDevice(@Param('deviceId') deviceId: string, @Staff() staff: StaffClaims) {
    return deviceView(await this.handler.execute(deviceId, staff));
  }
}
