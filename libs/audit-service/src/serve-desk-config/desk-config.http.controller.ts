import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { DeskClientConfig } from '@hcv/contracts';
import { Public } from '@hcv/platform-access';
import { DESK_CLIENT_CONFIG } from '../tokens';

/**
 * The operations desk's settings (public: the browser needs them before it has logged in; they hold
 * addresses and a public client id, no secret).
 */
@Controller('desk')
export class DeskConfigHttpController {
  constructor(@Inject(DESK_CLIENT_CONFIG) private readonly config: () => DeskClientConfig) {}

  @Get('config.json')
  @Public()
  @Header('cache-control', 'no-store')
  deskConfig(): DeskClientConfig {
    return this.config();
  }
}
