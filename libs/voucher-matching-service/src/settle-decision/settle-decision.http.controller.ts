import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import type { StaffClaims } from '@hcv/contracts';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { SettleDecisionHandler } from './settle-decision.handler';

@Controller('decisions')
export class SettleDecisionHttpController {
  constructor(private readonly handler: SettleDecisionHandler) {}

  /**
   * Settles a session's needs-manual-check or member-mismatch. The route admits an operator and a
   * site manager (the desk); the handler lets a site manager through only when the configuration
   * allows the desk to settle, and then for their own sites.
   */
  @Post(':sessionId/settlement')
  @RequireRoles('operator', 'site-manager')
  @HttpCode(200)
  async settle(@Param('sessionId') sessionId: string, @Body() body: unknown, @Staff() staff: StaffClaims) {
    return this.handler.execute(sessionId, body, staff);
  }
}
