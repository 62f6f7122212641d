import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { PresentVoucherRequest } from '@hcv/contracts';
import type { DeviceCredentialView } from '@hcv/platform-access';
import { AuthenticatedDevice, DeviceAuthenticated } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { invalidSessionId, sessionView } from '../domain/session-view';
import { PresentVoucherHandler } from './present-voucher.handler';

const sessionIdParam = new ParseUUIDPipe({ exceptionFactory: invalidSessionId });

/** The voucher a visitor showed. Signed by the device (HMAC). */
@Controller('sessions')
@DeviceAuthenticated()
export class PresentVoucherHttpController {
  constructor(private readonly handler: PresentVoucherHandler) {}

  @Post(':sessionId/voucher')
  @HttpCode(200)
  async presentVoucher(
    @Param('sessionId', sessionIdParam) sessionId: string,
    @Body() body: unknown,
    @AuthenticatedDevice() caller: DeviceCredentialView,
  ) {
    return sessionView(await this.handler.execute(sessionId, parseRequest(PresentVoucherRequest, body), caller.deviceId));
  }
}
