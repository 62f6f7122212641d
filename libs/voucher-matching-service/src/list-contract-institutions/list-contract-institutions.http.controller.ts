import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ImplementingInstitutionsQuery } from '@hcv/contracts';
import { RequireRoles } from '@hcv/platform-access';
import { csvText, parseRequest } from '@hcv/platform-http';
import { contractListCsvRow, type ContractListColumnKey } from '../domain/contract-institution-list';
import { ListContractInstitutionsHandler } from './list-contract-institutions.handler';

@Controller('contracts')
export class ListContractInstitutionsHttpController {
  constructor(private readonly handler: ListContractInstitutionsHandler) {}

  /** JSON, or the annex's CSV (`?format=csv`, UTF-8 with a byte-order mark unless `bom=false`). */
  @Get(':contractId/implementing-institutions')
  @RequireRoles('operator', 'auditor', 'analyst')
  async list(@Param('contractId') contractId: string, @Query() query: unknown, @Res() res: Response) {
    const q = parseRequest(ImplementingInstitutionsQuery, query);
    const list = await this.handler.execute(contractId);
    if (q.format === 'csv') {
      const columns = list.columns as { key: ContractListColumnKey; label: string }[];
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .setHeader(
          'content-disposition',
          `attachment; filename="implementing-institutions_${list.contractId}_${list.generatedAt.slice(0, 10)}.csv"`,
        )
        .send(
          csvText(
            columns,
            list.institutions.map((r) => contractListCsvRow(r, columns)),
            { bom: q.bom === 'true' },
          ),
        );
      return;
    }
    res.status(200).json(list);
  }
}
