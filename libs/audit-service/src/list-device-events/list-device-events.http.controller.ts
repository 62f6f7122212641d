import { Controller, Get, Param } from '@nestjs/common';
import type { StaffClaims } from '@hcv/contracts';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { ListDeviceEventsHandler } from './list-device-events.handler';

@Controller('audit')
export class ListDeviceEventsHttpController {
  constructor(private readonly handler: ListDeviceEventsHandler) {}

  /** A device's own events (registration, activation, lifecycle changes, offline/online), in order. */
  @Get('devices/:deviceId')
  @RequireRoles('auditor', 'operator')
  async device(@Param('deviceId') deviceId: string, @Staff() staff: StaffClaims) {
    return this.handler.handle(deviceId, staff);
  }
}
