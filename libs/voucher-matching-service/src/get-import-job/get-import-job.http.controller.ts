import { Controller, Get, Param } from '@nestjs/common';
import { RequireRoles } from '@hcv/platform-access';
import { GetImportJobHandler } from './get-import-job.handler';

@Controller('vouchers')
export class GetImportJobHttpController {
  constructor(private readonly handler: GetImportJobHandler) {}

  @Get('imports/:importId')
  @RequireRoles('operator')
  async importProgress(@Param('importId') importId: string) {
    return this.handler.execute(importId);
  }
}
