import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { AlternativeMethodRequest } from '@hcv/contracts';
import type { DeviceCredentialView } from '@hcv/platform-access';
import { AuthenticatedDevice, DeviceAuthenticated, NonceRecordedByWrite } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { invalidSessionId, sessionView } from '../domain/session-view';
import { RecordAlternativeHandler } from './record-alternative.handler';

const sessionIdParam = new ParseUUIDPipe({ exceptionFactory: invalidSessionId });

/** Eligibility shown by an alternative method. Signed by the device (HMAC). */
@Controller('sessions')
@DeviceAuthenticated()
@NonceRecordedByWrite()
export class RecordAlternativeHttpController {
  constructor(private readonly handler: RecordAlternativeHandler) {}

  @Post(':sessionId/alternative')
  @HttpCode(200)
  async recordAlternative(
    @Param('sessionId', sessionIdParam) sessionId: string,
    @Body() body: unknown,
    @AuthenticatedDevice() caller: DeviceCredentialView,
  ) {
    return sessionView(await this.handler.execute(sessionId, parseRequest(AlternativeMethodRequest, body), caller.deviceId));
  }
}
