import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CardReadRequest } from '@hcv/contracts';
import type { DeviceCredentialView } from '@hcv/platform-access';
import { AuthenticatedDevice, DeviceAuthenticated, NonceRecordedByWrite } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { invalidSessionId, sessionView } from '../domain/session-view';
import { SubmitCardReadHandler } from './submit-card-read.handler';

const sessionIdParam = new ParseUUIDPipe({ exceptionFactory: invalidSessionId });

/** The card read of a session. Signed by the device (HMAC). */
@Controller('sessions')
@DeviceAuthenticated()
@NonceRecordedByWrite()
export class SubmitCardReadHttpController {
  constructor(private readonly handler: SubmitCardReadHandler) {}

  @Post(':sessionId/card-read')
  @HttpCode(200)
  async submitCardRead(
    @Param('sessionId', sessionIdParam) sessionId: string,
    @Body() body: unknown,
    @AuthenticatedDevice() caller: DeviceCredentialView,
  ) {
    return sessionView(await this.handler.execute(sessionId, parseRequest(CardReadRequest, body), caller.deviceId));
  }
}
