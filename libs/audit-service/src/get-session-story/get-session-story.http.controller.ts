import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import type { StaffClaims } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { GetSessionStoryHandler } from './get-session-story.handler';

const sessionIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new DomainError('invalid-session-id', 'A session id is a UUID.', 400) });

/** The auditors' read side of one session. */
@Controller('audit')
export class GetSessionStoryHttpController {
  constructor(private readonly handler: GetSessionStoryHandler) {}

  /** The whole story of one session, in order, with its events (personal fields per role). */
  @Get('sessions/:sessionId')
  @RequireRoles('auditor', 'operator', 'site-manager')
  async session(@Param('sessionId', sessionIdPipe) sessionId: string, @Staff() staff: StaffClaims) {
    return this.handler.handle(sessionId, staff);
  }
}
