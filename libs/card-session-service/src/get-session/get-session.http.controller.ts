import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import type { DeviceCredentialView } from '@hcv/platform-access';
import { AuthenticatedDevice, DeviceAuthenticated } from '@hcv/platform-access';
import { invalidSessionId, sessionView } from '../domain/session-view';
import { GetSessionHandler } from './get-session.handler';

const sessionIdParam = new ParseUUIDPipe({ exceptionFactory: invalidSessionId });

/** A device reads its session and, once decided, the outcome. Signed by the device (HMAC). */
@Controller('sessions')
@DeviceAuthenticated()
export class GetSessionHttpController {
  constructor(private readonly handler: GetSessionHandler) {}

  @Get(':sessionId')
  async getSession(@Param('sessionId', sessionIdParam) sessionId: string, @AuthenticatedDevice() caller: DeviceCredentialView) {
    return sessionView(await this.handler.execute(sessionId, caller.deviceId));
  }
}
