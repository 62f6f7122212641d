import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { RedeemActivationCodeRequest } from '@hcv/contracts';
import { Public } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { correlationIdFrom } from '@hcv/platform-runtime';
import { RedeemActivationCodeHandler, TooManyAttemptsError } from './redeem-activation-code.handler';

/**
 * No authentication: the one-time code is the proof. The client address (behind a proxy, as the
 * proxy reports it when HTTP_TRUST_PROXY is set) is what wrong codes are counted against.
 */
@Controller('device-activations')
export class RedeemActivationCodeHttpController {
  constructor(private readonly handler: RedeemActivationCodeHandler) {}

  @Public()
  @Post()
  @HttpCode(201)
  async redeemActivationCode(
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Headers('x-correlation-id') correlationId?: string,
  ) {
    const { code } = parseRequest(RedeemActivationCodeRequest, body);
    // The secret is in this answer only: no cache may keep it.
    res.setHeader('Cache-Control', 'no-store');
    try {
      return await this.handler.execute(
        code,
        req.ip ?? req.socket.remoteAddress ?? 'unknown',
        correlationIdFrom(correlationId) ?? randomUUID(),
      );
    } catch (error) {
      if (error instanceof TooManyAttemptsError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  }
}
