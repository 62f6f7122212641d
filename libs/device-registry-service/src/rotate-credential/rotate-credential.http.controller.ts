import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RotateCredentialRequest } from '@hcv/contracts';
import { RequireRoles } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { correlationIdFrom } from '@hcv/platform-runtime';
import { RotateCredentialHandler } from './rotate-credential.handler';

@Controller('devices')
export class RotateCredentialHttpController {
  constructor(private readonly handler: RotateCredentialHandler) {}

  @RequireRoles('operator')
  @Post(':deviceId/credential')
  @HttpCode(200)
  async rotateCredential(@Param('deviceId') deviceId: string, @Body() body: unknown, @Headers('x-correlation-id') correlationId?: string) {
    parseRequest(RotateCredentialRequest, body);
    return { issuedCredential: await this.handler.execute(deviceId, correlationIdFrom(correlationId) ?? randomUUID()) };
  }
}
