import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { ReceptionConfigResponse } from '@hcv/contracts';
import { Public } from '@hcv/platform-access';
import type { CardSessionConfig } from '../card-session.config';
import { CARD_SESSION_CONFIG } from '../tokens';

/**
 * GET /reception/config.json — where the reception app finds the APIs it calls (the settings
 * DEVICE_REGISTRY_PUBLIC_URL, CARD_SESSION_PUBLIC_URL) and the release it belongs to. Public: it
 * holds no secret, and the app reads it before it has a key.
 */
@Controller('reception')
export class ReceptionConfigHttpController {
  constructor(@Inject(CARD_SESSION_CONFIG) private readonly config: CardSessionConfig) {}

  @Public()
  @Get('config.json')
  receptionConfig(@Res({ passthrough: true }) res: Response): ReceptionConfigResponse {
    res.setHeader('Cache-Control', 'no-cache');
    const { reception } = this.config;
    return { deviceRegistryUrl: reception.deviceRegistryUrl(), cardSessionUrl: reception.cardSessionUrl(), version: reception.version };
  }
}
