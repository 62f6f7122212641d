import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ActivateDeviceRequest } from '@hcv/contracts';
import { RequireRoles } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { correlationIdFrom } from '@hcv/platform-runtime';
import { deviceView } from '../domain/device-view';
import { ActivateDeviceHandler } from './activate-device.handler';

@Controller('devices')
export class ActivateDeviceHttpController {
  constructor(private readonly handler: ActivateDeviceHandler) {}

  /** The response carries the device secret the first time only: it is shown once and never stored. */
  @RequireRoles('operator')
  @Post(':deviceId/activate')
  @HttpCode(200)
  async activateDevice(@Param('deviceId') deviceId: string, @Body() body: unknown, @Headers('x-correlation-id') correlationId?: string) {
    const { activatedBy } = parseRequest(ActivateDeviceRequest, body);
    const { device, credential } = await this.handler.execute(deviceId, activatedBy, correlationIdFrom(correlationId) ?? randomUUID());
    return { ...deviceView(device), ...(credential ? { issuedCredential: credential } : {}) };
  }
}
