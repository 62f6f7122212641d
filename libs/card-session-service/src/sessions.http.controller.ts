import { Body, Controller, Get, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  AlternativeMethodRequest,
  CancelSessionRequest,
  CapturedSessionRequest,
  CardReadRequest,
  OpenSessionRequest,
  PresentVoucherRequest,
} from '@hcv/contracts';
import type { DeviceCredentialView } from '@hcv/platform-access';
import { AuthenticatedDevice, DeviceAuthenticated } from '@hcv/platform-access';
import { correlationIdFrom } from '@hcv/platform-runtime';
import { DomainError, NotFoundError } from '@hcv/domain';
import { parseRequest } from '@hcv/platform-http';
import { CancelSessionHandler } from './cancel-session/cancel-session.handler';
import { OpenSessionHandler } from './open-session/open-session.handler';
import { PresentVoucherHandler } from './present-voucher/present-voucher.handler';
import { RecordAlternativeHandler } from './record-alternative/record-alternative.handler';
import type { Session } from './domain/session.decide';
import type { SessionRepository } from './sessions/session.repository';
import { SubmitCapturedSessionHandler } from './submit-captured-session/submit-captured-session.handler';
import { SubmitCardReadHandler } from './submit-card-read/submit-card-read.handler';
import { SESSION_REPOSITORY } from './tokens';

/** What a device sees of its session: state, method and outcome — never the card reference or transcribed data. */
export function sessionView(session: Session) {
  return {
    sessionId: session.sessionId,
    deviceId: session.deviceId,
    siteId: session.siteId,
    purpose: session.purpose,
    checkupDate: session.checkupDate,
    state: session.state,
    correlationId: session.correlationId,
    pinFailures: session.pinFailures,
    ...(session.state === 'card-locked'
      ? { alternativeMethods: ['mynaportal-screen', 'myna-card-with-notice', 'eligibility-certificate'] }
      : {}),
    ...(session.method ? { method: session.method } : {}),
    ...(session.identityCheck ? { identityCheck: session.identityCheck } : {}),
    ...(session.voucherNumber ? { voucherNumber: session.voucherNumber } : {}),
    ...(session.outcome ? { outcome: session.outcome } : {}),
    ...(session.cancellation ? { cancellation: session.cancellation } : {}),
    openedAt: session.openedAt,
    ...(session.capturedAt ? { capturedAt: session.capturedAt } : {}),
    ...(session.completedAt ? { completedAt: session.completedAt } : {}),
  };
}

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => new DomainError('invalid-session-id', 'A session id is a UUID.', 400, 'sessionId'),
});
const correlation = correlationIdFrom;
function ownDevice(caller: DeviceCredentialView, deviceId: string): void {
  if (caller.deviceId !== deviceId) throw new DomainError('device-mismatch', 'A device may only act for itself (deviceId differs from the signing device).', 403, 'deviceId');
}

/** The device-facing API: every route is authenticated by the device's HMAC signature. */
@Controller('sessions')
@DeviceAuthenticated()
export class SessionsHttpController {
  constructor(
    private readonly open: OpenSessionHandler,
    private readonly cardRead: SubmitCardReadHandler,
    private readonly voucher: PresentVoucherHandler,
    private readonly alternative: RecordAlternativeHandler,
    private readonly cancellation: CancelSessionHandler,
    private readonly captured: SubmitCapturedSessionHandler,
    @Inject(SESSION_REPOSITORY) private readonly sessions: SessionRepository,
  ) {}

  @Post()
  @HttpCode(201)
  async openSession(@Body() body: unknown, @AuthenticatedDevice() caller: DeviceCredentialView, @Headers('x-correlation-id') correlationId?: string) {
    const command = parseRequest(OpenSessionRequest, body);
    ownDevice(caller, command.deviceId);
    return sessionView(await this.open.execute(command, correlation(correlationId)));
  }

  /** A bus's offline capture, sent (or resent) later: 201 the first time, 200 with the same session after. */
  @Post('captured')
  async submitCaptured(@Body() body: unknown, @AuthenticatedDevice() caller: DeviceCredentialView, @Headers('x-correlation-id') correlationId?: string) {
    const command = parseRequest(CapturedSessionRequest, body);
    ownDevice(caller, command.deviceId);
    const { session, resent } = await this.captured.execute(command, correlation(correlationId));
    return { ...sessionView(session), resent };
  }

  @Post(':sessionId/card-read')
  @HttpCode(200)
  async submitCardRead(@Param('sessionId', uuid) sessionId: string, @Body() body: unknown, @AuthenticatedDevice() caller: DeviceCredentialView) {
    return sessionView(await this.cardRead.execute(sessionId, parseRequest(CardReadRequest, body), caller.deviceId));
  }

  @Post(':sessionId/voucher')
  @HttpCode(200)
  async presentVoucher(@Param('sessionId', uuid) sessionId: string, @Body() body: unknown, @AuthenticatedDevice() caller: DeviceCredentialView) {
    return sessionView(await this.voucher.execute(sessionId, parseRequest(PresentVoucherRequest, body), caller.deviceId));
  }

  @Post(':sessionId/alternative')
  @HttpCode(200)
  async recordAlternative(@Param('sessionId', uuid) sessionId: string, @Body() body: unknown, @AuthenticatedDevice() caller: DeviceCredentialView) {
    return sessionView(await this.alternative.execute(sessionId, parseRequest(AlternativeMethodRequest, body), caller.deviceId));
  }

  @Post(':sessionId/cancel')
  @HttpCode(200)
  async cancelSession(@Param('sessionId', uuid) sessionId: string, @Body() body: unknown, @AuthenticatedDevice() caller: DeviceCredentialView) {
    return sessionView(await this.cancellation.execute(sessionId, parseRequest(CancelSessionRequest, body), caller.deviceId));
  }

  @Get(':sessionId')
  async getSession(@Param('sessionId', uuid) sessionId: string, @AuthenticatedDevice() caller: DeviceCredentialView) {
    const session = await this.sessions.get(sessionId);
    if (!session || session.deviceId !== caller.deviceId) throw new NotFoundError('session', sessionId);
    return sessionView(session);
  }
}
