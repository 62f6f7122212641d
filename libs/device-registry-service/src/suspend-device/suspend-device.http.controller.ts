import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DeviceChangeRequest } from '@hcv/contracts';
import { RequireRoles } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { correlationIdFrom } from '@hcv/platform-runtime';
import { deviceView } from '../domain/device-view';
import { SuspendDeviceHandler } from './suspend-device.handler';

@Controller('devices')
export class SuspendDeviceHttpController {
  constructor(private readonly handler: SuspendDeviceHandler) {}

  @RequireRoles('operator')
  @Post(':deviceId/suspend')
  @HttpCode(200)
  async suspendDevice(@Param('deviceId') deviceId: string, @Body() body: unknown, @Headers('x-correlation-id') correlationId?: string) {
    const { by, reason } = parseRequest(DeviceChangeRequest, body);
    return deviceView(await this.handler.execute(deviceId, by, reason, correlationIdFrom(correlationId) ?? randomUUID()));
  }
}
