import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { OpenSessionRequest } from '@hcv/contracts';
import type { DeviceCredentialView } from '@hcv/platform-access';
import { AuthenticatedDevice, DeviceAuthenticated, NonceRecordedByWrite } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { correlationIdFrom } from '@hcv/platform-runtime';
import { requireOwnDevice, sessionView } from '../domain/session-view';
import { OpenSessionHandler } from './open-session.handler';

/** A device opens a session for one visitor. Signed by the device (HMAC). */
@Controller('sessions')
@DeviceAuthenticated()
// Its nonce is recorded by the session's insert (or held beside those when it stores none).
@NonceRecordedByWrite()
export class OpenSessionHttpController {
  constructor(private readonly handler: OpenSessionHandler) {}

  @Post()
  @HttpCode(201)
  async openSession(
    @Body() body: unknown,
    @AuthenticatedDevice() caller: DeviceCredentialView,
    @Headers('x-correlation-id') correlationId?: string,
  ) {
    const command = parseRequest(OpenSessionRequest, body);
    requireOwnDevice(caller.deviceId, command.deviceId);
    return sessionView(await this.handler.execute(command, correlationIdFrom(correlationId)));
  }
}
