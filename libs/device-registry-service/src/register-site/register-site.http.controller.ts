import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RegisterSiteRequest } from '@hcv/contracts';
import { RequireRoles } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { correlationIdFrom } from '@hcv/platform-runtime';
import { RegisterSiteHandler } from './register-site.handler';

@Controller()
export class RegisterSiteHttpController {
  constructor(private readonly handler: RegisterSiteHandler) {}

  @RequireRoles('operator')
  @Post('sites')
  @HttpCode(201)
  async registerSite(@Body() body: unknown, @Headers('x-correlation-id') c?: string) {
    return this.handler.execute(parseRequest(RegisterSiteRequest, body), correlationIdFrom(c) ?? randomUUID());
  }
}
