import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BulkIntroductionNoticeRequest, IntroductionNoticeRequest } from '@hcv/contracts';
import { RequireRoles } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { correlationIdFrom } from '@hcv/platform-runtime';
import { IntroduceInsurerHandler } from './introduce-insurer.handler';

@Controller()
export class IntroduceInsurerHttpController {
  constructor(private readonly handler: IntroduceInsurerHandler) {}

  /** 導入届: records the オンライン資格確認用コード 支払基金 assigned, with the form's fields. */
  @RequireRoles('operator')
  @Post('insurer-notices/introduction')
  @HttpCode(201)
  async introduce(@Body() body: unknown, @Headers('x-correlation-id') c?: string) {
    const insurer = await this.handler.execute(parseRequest(IntroductionNoticeRequest, body), correlationIdFrom(c) ?? randomUUID());
    return { onlineEligibilityCode: insurer.onlineEligibilityCode, insurer };
  }

  /** A 保険者団体's notices for its members: one result per insurer (200 even when some are refused). */
  @RequireRoles('operator')
  @Post('insurer-notices/introductions')
  @HttpCode(200)
  async introduceInBulk(@Body() body: unknown, @Headers('x-correlation-id') c?: string) {
    return this.handler.executeBulk(parseRequest(BulkIntroductionNoticeRequest, body), correlationIdFrom(c) ?? randomUUID());
  }
}
