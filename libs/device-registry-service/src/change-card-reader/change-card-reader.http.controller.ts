import { Body, Controller, Headers, HttpCode, Param, Put } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ChangeCardReaderRequest } from '@hcv/contracts';
import { RequireRoles } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { correlationIdFrom } from '@hcv/platform-runtime';
import { deviceView } from '../domain/device-view';
import { ChangeCardReaderHandler } from './change-card-reader.handler';

@Controller('devices')
export class ChangeCardReaderHttpController {
  constructor(private readonly handler: ChangeCardReaderHandler) {}

  /** The device's card reader was swapped (device.card-reader-changed.v1). */
  @RequireRoles('operator')
  @Put(':deviceId/card-reader')
  @HttpCode(200)
  async changeCardReader(@Param('deviceId') deviceId: string, @Body() body: unknown, @Headers('x-correlation-id') correlationId?: string) {
    const command = parseRequest(ChangeCardReaderRequest, body);
    return deviceView(await this.handler.execute(deviceId, command, correlationIdFrom(correlationId) ?? randomUUID()));
  }
}
