import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RegisterDeviceRequest } from '@hcv/contracts';
import { RequireRoles } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { correlationIdFrom } from '@hcv/platform-runtime';
import { deviceView } from '../domain/device-view';
import { RegisterDeviceHandler } from './register-device.handler';

@Controller('devices')
export class RegisterDeviceHttpController {
  constructor(private readonly handler: RegisterDeviceHandler) {}

  @RequireRoles('operator')
  @Post()
  @HttpCode(201)
  async registerDevice(@Body() body: unknown, @Headers('x-correlation-id') correlationId?: string) {
    return deviceView(
      await this.handler.execute(parseRequest(RegisterDeviceRequest, body), correlationIdFrom(correlationId) ?? randomUUID()),
    );
  }
}
