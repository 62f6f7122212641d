import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { PresentVoucherRequest } from '@hcv/contracts';
import type { DeviceCredentialView } from '@hcv/platform-access';
import { AuthenticatedDevice, DeviceAuthenticated, NonceRecordedByWrite } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { foldPresentedInsurerNumber } from '../domain/presented-voucher';
import { invalidSessionId, sessionView } from '../domain/session-view';
import { PresentVoucherHandler } from './present-voucher.handler';

const sessionIdParam = new ParseUUIDPipe({ exceptionFactory: invalidSessionId });

/** The voucher a visitor showed, as printed (the insurer number read as written: spaces, full-width digits). Signed by the device (HMAC). */
@Controller('sessions')
@DeviceAuthenticated()
@NonceRecordedByWrite()
export class PresentVoucherHttpController {
  constructor(private readonly handler: PresentVoucherHandler) {}

  @Post(':sessionId/voucher')
  @HttpCode(200)
  async presentVoucher(
    @Param('sessionId', sessionIdParam) sessionId: string,
    @Body() body: unknown,
    @AuthenticatedDevice() caller: DeviceCredentialView,
  ) {
    const voucher = parseRequest(PresentVoucherRequest, foldPresentedInsurerNumber(body, 'insurerNumber'));
    return sessionView(await this.handler.execute(sessionId, voucher, caller.deviceId));
  }
}
