import { Body, Controller, Headers, Post } from '@nestjs/common';
import { CapturedSessionRequest } from '@hcv/contracts';
import type { DeviceCredentialView } from '@hcv/platform-access';
import { AuthenticatedDevice, DeviceAuthenticated, NonceRecordedByWrite } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { correlationIdFrom } from '@hcv/platform-runtime';
import { foldPresentedInsurerNumber } from '../domain/presented-voucher';
import { requireOwnDevice, sessionView } from '../domain/session-view';
import { SubmitCapturedSessionHandler } from './submit-captured-session.handler';

/** The captured voucher's insurer number read as written (spaces, full-width digits) before the contract checks it. */
function foldCapturedVoucher(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || !('voucher' in body)) return body;
  return { ...body, voucher: foldPresentedInsurerNumber((body as { voucher: unknown }).voucher, 'voucher.insurerNumber') };
}

/** A bus's offline capture. Signed by the device (HMAC). */
@Controller('sessions')
@DeviceAuthenticated()
// Its nonce is recorded by the session's insert (or held beside those when it stores none).
@NonceRecordedByWrite()
export class SubmitCapturedSessionHttpController {
  constructor(private readonly handler: SubmitCapturedSessionHandler) {}

  /** Sent (or resent) later: 201 the first time, 200 with the same session after. */
  @Post('captured')
  async submitCaptured(
    @Body() body: unknown,
    @AuthenticatedDevice() caller: DeviceCredentialView,
    @Headers('x-correlation-id') correlationId?: string,
  ) {
    const command = parseRequest(CapturedSessionRequest, foldCapturedVoucher(body));
    requireOwnDevice(caller.deviceId, command.deviceId);
    const { session, resent } = await this.handler.execute(command, correlationIdFrom(correlationId));
    return { ...sessionView(session), resent };
  }
}
