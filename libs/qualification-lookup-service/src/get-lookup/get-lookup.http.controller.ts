import { Controller, Get, Param } from '@nestjs/common';
import { RequireRoles } from '@hcv/platform-access';
import { GetLookupHandler } from './get-lookup.handler';

@Controller('lookups')
export class GetLookupHttpController {
  constructor(private readonly handler: GetLookupHandler) {}

  /** Status and timing of a session's lookup (no personal data is kept here to show). */
  @Get(':sessionId')
  @RequireRoles('operator', 'auditor')
  get(@Param('sessionId') sessionId: string) {
    return this.handler.execute(sessionId);
  }
}
