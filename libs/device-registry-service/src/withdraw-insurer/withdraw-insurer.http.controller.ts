import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { WithdrawalNoticeRequest } from '@hcv/contracts';
import { RequireRoles } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { correlationIdFrom } from '@hcv/platform-runtime';
import { WithdrawInsurerHandler } from './withdraw-insurer.handler';

@Controller()
export class WithdrawInsurerHttpController {
  constructor(private readonly handler: WithdrawInsurerHandler) {}

  /** 廃止届: ends the code and suspends all its devices. */
  @RequireRoles('operator')
  @Post('insurer-notices/withdrawal')
  @HttpCode(200)
  async withdraw(@Body() body: unknown, @Headers('x-correlation-id') c?: string) {
    return this.handler.execute(parseRequest(WithdrawalNoticeRequest, body), correlationIdFrom(c) ?? randomUUID());
  }
}
