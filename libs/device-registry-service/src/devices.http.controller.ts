import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ActivateDeviceRequest, RegisterDeviceRequest } from '@hcv/contracts';
import { NotFoundError, parseRequest } from '@hcv/service-kit';
import { ActivateDeviceHandler } from './activate-device/activate-device.handler';
import { RegisterDeviceHandler } from './register-device/register-device.handler';
import { DEVICE_REPOSITORY } from './tokens';
import type { DeviceRepository } from './devices/device.repository';

@Controller('devices')
export class DevicesHttpController {
  constructor(
    private readonly register: RegisterDeviceHandler,
    private readonly activate: ActivateDeviceHandler,
    @Inject(DEVICE_REPOSITORY) private readonly devices: DeviceRepository,
  ) {}

  @Post()
  @HttpCode(201)
  async registerDevice(@Body() body: unknown, @Headers('x-correlation-id') correlationId?: string) {
    return this.register.execute(parseRequest(RegisterDeviceRequest, body), correlationId ?? randomUUID());
  }

  @Post(':deviceId/activate')
  @HttpCode(200)
  async activateDevice(@Param('deviceId') deviceId: string, @Body() body: unknown, @Headers('x-correlation-id') correlationId?: string) {
    const { activatedBy } = parseRequest(ActivateDeviceRequest, body);
    return this.activate.execute({ deviceId, activatedBy }, correlationId ?? randomUUID());
  }

  @Get(':deviceId')
  async getDevice(@Param('deviceId') deviceId: string) {
    const device = await this.devices.get(deviceId);
    if (!device) throw new NotFoundError('device', deviceId);
    return device;
  }

  @Get()
  async listDevices(@Query('institutionNumber') institutionNumber?: string, @Query('siteId') siteId?: string) {
    return this.devices.list({ institutionNumber, siteId });
  }
}
