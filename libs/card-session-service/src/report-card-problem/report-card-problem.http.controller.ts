import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CardProblemRequest } from '@hcv/contracts';
import type { DeviceCredentialView } from '@hcv/platform-access';
import { AuthenticatedDevice, DeviceAuthenticated, NonceRecordedByWrite } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { invalidSessionId, sessionView } from '../domain/session-view';
import { ReportCardProblemHandler } from './report-card-problem.handler';

const sessionIdParam = new ParseUUIDPipe({ exceptionFactory: invalidSessionId });

/** A card problem instead of a read. Signed by the device (HMAC). */
@Controller('sessions')
@DeviceAuthenticated()
@NonceRecordedByWrite()
export class ReportCardProblemHttpController {
  constructor(private readonly handler: ReportCardProblemHandler) {}

  @Post(':sessionId/card-problem')
  @HttpCode(200)
  async reportCardProblem(
    @Param('sessionId', sessionIdParam) sessionId: string,
    @Body() body: unknown,
    @AuthenticatedDevice() caller: DeviceCredentialView,
  ) {
    return sessionView(await this.handler.execute(sessionId, parseRequest(CardProblemRequest, body), caller.deviceId));
  }
}
