import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequireRoles } from '@hcv/platform-access';
import { ExportClaimsHandler } from './export-claims.handler';

/** The per-claim export for the back office (返戻 answers), as JSON or as CSV with a BOM. */
@Controller('audit')
export class ExportClaimsHttpController {
  constructor(private readonly handler: ExportClaimsHandler) {}

  @Get('claims')
  @RequireRoles('auditor', 'operator')
  async claims(@Query() query: unknown, @Res() res: Response) {
    const exported = await this.handler.handle(query);
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
