import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { IdentityVerifiedRequest } from '@hcv/contracts';
import type { DeviceCredentialView } from '@hcv/platform-access';
import { AuthenticatedDevice, DeviceAuthenticated, NonceRecordedByWrite } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { invalidSessionId, sessionView } from '../domain/session-view';
import { VerifyIdentityHandler } from './verify-identity.handler';

const sessionIdParam = new ParseUUIDPipe({ exceptionFactory: invalidSessionId });

/** 人間ドック: identity verified with the My Number card. Signed by the device (HMAC). */
@Controller('sessions')
@DeviceAuthenticated()
@NonceRecordedByWrite()
export class VerifyIdentityHttpController {
  constructor(private readonly handler: VerifyIdentityHandler) {}

  @Post(':sessionId/identity-verified')
  @HttpCode(200)
  async verifyIdentity(
    @Param('sessionId', sessionIdParam) sessionId: string,
    @Body() body: unknown,
    @AuthenticatedDevice() caller: DeviceCredentialView,
  ) {
    return sessionView(await this.handler.execute(sessionId, parseRequest(IdentityVerifiedRequest, body), caller.deviceId));
  }
}
