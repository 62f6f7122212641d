import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { StaffClaims } from '@hcv/contracts';
import { RequireRoles, Staff } from '@hcv/platform-access';
import { ExportOutcomesHandler } from './export-outcomes.handler';

/** The outcome analytics export, as JSON or as CSV (no personal data). */
@Controller('analytics')
export class ExportOutcomesHttpController {
  constructor(private readonly handler: ExportOutcomesHandler) {}

  @Get('outcomes')
  @RequireRoles('analyst', 'operator', 'site-manager')
  async outcomes(@Query() query: unknown, @Staff() staff: StaffClaims, @Res() res: Response) {
    const exported = await this.handler.handle(query, staff);
    if (exported.format === 'csv') {
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .setHeader('content-disposition', `attachment; filename="${exported.filename}"`)
        .send(exported.csv);
      return;
    }
    res.status(200).json(exported.body);
  }
}
