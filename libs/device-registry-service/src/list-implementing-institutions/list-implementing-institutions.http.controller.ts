import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ImplementingInstitutionsQuery } from '@hcv/contracts';
import { RequireRoles } from '@hcv/platform-access';
import { csvText, parseRequest } from '@hcv/platform-http';
import { LIST_COLUMNS, listCsvRow } from '../domain/implementing-institutions';
import { ListImplementingInstitutionsHandler } from './list-implementing-institutions.handler';

@Controller()
export class ListImplementingInstitutionsHttpController {
  constructor(private readonly handler: ListImplementingInstitutionsHandler) {}

  /** JSON, or the annex's CSV (`?format=csv`, UTF-8 with a byte-order mark unless `bom=false`). */
  @RequireRoles('operator', 'analyst', 'auditor')
  @Get('implementing-institutions')
  async implementingInstitutions(@Query() query: unknown, @Res() res: Response) {
    const q = parseRequest(ImplementingInstitutionsQuery, query);
    const { generatedAt, institutions } = await this.handler.execute();
    if (q.format === 'csv') {
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .setHeader('content-disposition', `attachment; filename="implementing-institutions_${generatedAt.slice(0, 10)}.csv"`)
        .send(csvText(LIST_COLUMNS, institutions.map(listCsvRow), { bom: q.bom === 'true' }));
      return;
    }
    res.status(200).json({ generatedAt, columns: LIST_COLUMNS, institutions });
  }
}
