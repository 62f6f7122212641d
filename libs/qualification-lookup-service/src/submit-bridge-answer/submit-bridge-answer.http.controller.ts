import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { BridgeAnswerSubmission } from '@hcv/oqs-files';
import { AuthenticatedDevice, DeviceAuthenticated, type DeviceCredentialView } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { SubmitBridgeAnswerHandler } from './submit-bridge-answer.handler';

/** The on-site bridge posts its terminal's answer to one question. Signed by the bridge's device (HMAC). */
@Controller('bridge')
@DeviceAuthenticated()
export class SubmitBridgeAnswerHttpController {
  constructor(private readonly handler: SubmitBridgeAnswerHandler) {}

  @Post('answers')
  @HttpCode(200)
  submit(@Body() body: unknown, @AuthenticatedDevice() caller: DeviceCredentialView) {
    return this.handler.execute(caller.deviceId, parseRequest(BridgeAnswerSubmission, body));
  }
}
