import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { SettlementRequestRequest } from '@hcv/contracts';
import type { DeviceCredentialView } from '@hcv/platform-access';
import { AuthenticatedDevice, DeviceAuthenticated, NonceRecordedByWrite } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { invalidSessionId, sessionView } from '../domain/session-view';
import { RequestSettlementHandler } from './request-settlement.handler';

const sessionIdParam = new ParseUUIDPipe({ exceptionFactory: invalidSessionId });

/** 精算依頼: the device puts its settleable session before the federation's desk. Signed by the device (HMAC). */
@Controller('sessions')
@DeviceAuthenticated()
@NonceRecordedByWrite()
export class RequestSettlementHttpController {
  constructor(private readonly handler: RequestSettlementHandler) {}

  /** 200 with the session (its `settlementRequest`), the first time and on every repeat. */
  @Post(':sessionId/settlement-request')
  @HttpCode(200)
  async requestSettlement(
    @Param('sessionId', sessionIdParam) sessionId: string,
    @Body() body: unknown,
    @AuthenticatedDevice() caller: DeviceCredentialView,
  ) {
    return sessionView(await this.handler.execute(sessionId, parseRequest(SettlementRequestRequest, body ?? {}), caller.deviceId));
  }
}
