import { Body, Controller, Get, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CardReadRequest, OpenSessionRequest, PresentVoucherRequest } from '@hcv/contracts';
import { DomainError, NotFoundError, parseRequest } from '@hcv/service-kit';
import { OpenSessionHandler } from './open-session/open-session.handler';
import { PresentVoucherHandler } from './present-voucher/present-voucher.handler';
import type { Session } from './sessions/session';
import type { SessionRepository } from './sessions/session.repository';
import { SubmitCardReadHandler } from './submit-card-read/submit-card-read.handler';
import { SESSION_REPOSITORY } from './tokens';

/** What a device sees of its session: state and outcome, never the card reference. */
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
    ...(session.identityCheck ? { identityCheck: session.identityCheck } : {}),
    ...(session.voucherNumber ? { voucherNumber: session.voucherNumber } : {}),
    ...(session.outcome ? { outcome: session.outcome } : {}),
    openedAt: session.openedAt,
    ...(session.completedAt ? { completedAt: session.completedAt } : {}),
  };
}

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => new DomainError('invalid-session-id', 'A session id is a UUID.', 400, 'sessionId'),
});

/** The device-facing API (authentication of devices by HMAC arrives with issue 3). */
@Controller('sessions')
export class SessionsHttpController {
  constructor(
    private readonly open: OpenSessionHandler,
    private readonly cardRead: SubmitCardReadHandler,
    private readonly voucher: PresentVoucherHandler,
    @Inject(SESSION_REPOSITORY) private readonly sessions: SessionRepository,
  ) {}

  @Post()
  @HttpCode(201)
  async openSession(@Body() body: unknown, @Headers('x-correlation-id') correlationId?: string) {
    const id = correlationId && /^[\w.:-]{1,128}$/.test(correlationId) ? correlationId : undefined;
    return sessionView(await this.open.execute(parseRequest(OpenSessionRequest, body), id));
  }

  @Post(':sessionId/card-read')
  @HttpCode(200)
  async submitCardRead(@Param('sessionId', uuid) sessionId: string, @Body() body: unknown) {
    return sessionView(await this.cardRead.execute(sessionId, parseRequest(CardReadRequest, body)));
  }

  @Post(':sessionId/voucher')
  @HttpCode(200)
  async presentVoucher(@Param('sessionId', uuid) sessionId: string, @Body() body: unknown) {
    return sessionView(await this.voucher.execute(sessionId, parseRequest(PresentVoucherRequest, body)));
  }

  @Get(':sessionId')
  async getSession(@Param('sessionId', uuid) sessionId: string) {
    const session = await this.sessions.get(sessionId);
    if (!session) throw new NotFoundError('session', sessionId);
    return sessionView(session);
  }
}
