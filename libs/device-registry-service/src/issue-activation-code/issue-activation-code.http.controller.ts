import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import type { StaffClaims } from '@hcv/contracts';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { IssueActivationCodeHandler } from './issue-activation-code.handler';

@Controller('devices')
export class IssueActivationCodeHttpController {
  constructor(private readonly handler: IssueActivationCodeHandler) {}

  /** The code is in this answer only; the staff member of the token is recorded as its issuer. No body is read. */
  @RequireRoles('operator')
  @Post(':deviceId/activation-codes')
  @HttpCode(201)
  async issueActivationCode(@Param('deviceId') deviceId: string, @Staff() staff: StaffClaims) {
    return this.handler.execute(deviceId, staff.sub.slice(0, 64));
  }
}
