import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IntroductionNoticeRequest } from '@hcv/contracts';
import { RequireRoles } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { correlationIdFrom } from '@hcv/platform-runtime';
import { IntroduceInsurerHandler } from './introduce-insurer.handler';

@Controller()
export class IntroduceInsurerHttpController {
  constructor(private readonly handler: IntroduceInsurerHandler) {}

  /** 導入届: answers with the issued オンライン資格確認用コード (as institutionNumber). */
  @RequireRoles('operator')
  @Post('insurer-notices/introduction')
  @HttpCode(201)
  async introduce(@Body() body: unknown, @Headers('x-correlation-id') c?: string) {
    const institution = await this.handler.execute(parseRequest(IntroductionNoticeRequest, body), correlationIdFrom(c) ?? randomUUID());
    return { onlineEligibilityCode: institution.institutionNumber, institution };
  }
}
