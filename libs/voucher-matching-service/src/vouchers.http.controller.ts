import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ImportVouchersRequest, UndoVoucherUseRequest } from '@hcv/contracts';
import { correlationIdFrom } from '@hcv/platform-runtime';
import { nonUtf8Charset, parseRequest } from '@hcv/platform-http';
import { DomainError, NotFoundError } from '@hcv/domain';
import { RequireRoles } from '@hcv/platform-access';
import type { ImportJobRepository } from './import-vouchers/import-job.repository';
import { ImportVouchersHandler } from './import-vouchers/import-vouchers.handler';
import { utf8Upload } from './import-vouchers/voucher-csv';
import { UndoVoucherUseHandler } from './undo-voucher-use/undo-voucher-use.handler';
import { voucherView } from './vouchers/voucher';
import type { VoucherRepository } from './vouchers/voucher.repository';
import { IMPORT_JOBS, VOUCHER_REPOSITORY } from './tokens';

@Controller('vouchers')
export class VouchersHttpController {
  constructor(
    private readonly importer: ImportVouchersHandler,
    private readonly undo: UndoVoucherUseHandler,
    @Inject(VOUCHER_REPOSITORY) private readonly vouchers: VoucherRepository,
    @Inject(IMPORT_JOBS) private readonly jobs: ImportJobRepository,
  ) {}

  /** A JSON batch (≤ 10,000): imported rows are counted, rejected rows reported by index, field and reason. */
  @Post('import')
  @RequireRoles('operator')
  @HttpCode(200)
  async importVouchers(@Body() body: unknown) {
    return this.importer.importBatch(parseRequest(ImportVouchersRequest, body).vouchers);
  }

  /**
   * A CSV file (text/csv, header row; UTF-8 unless the content type declares another charset):
   * answered at once with the import job; progress at GET /vouchers/imports/:id. The body arrives as
   * bytes and is parsed row by row from them.
   */
  @Post('import/csv')
  @RequireRoles('operator')
  @HttpCode(202)
  async importCsv(@Body() body: unknown, @Headers('content-type') contentType?: string) {
    if (!Buffer.isBuffer(body) || !body.length) throw new DomainError('empty-file', 'Send the voucher file as text/csv with a header row.', 400);
    return this.importer.startCsv(utf8Upload(body, nonUtf8Charset(contentType)));
  }

  @Get('imports/:importId')
  @RequireRoles('operator')
  async importProgress(@Param('importId') importId: string) {
    const job = await this.jobs.get(importId);
    if (!job) throw new NotFoundError('import', importId);
    return job;
  }

  /** An operator undoes a use; the voucher's history shows the use and its undoing. */
  @Post(':voucherNumber/undo-use')
  @RequireRoles('operator')
  @HttpCode(200)
  async undoUse(@Param('voucherNumber') voucherNumber: string, @Body() body: unknown, @Headers('x-correlation-id') correlationId?: string) {
    const id = correlationIdFrom(correlationId) ?? randomUUID();
    return voucherView(await this.undo.execute(voucherNumber, parseRequest(UndoVoucherUseRequest, body), id));
  }

  /** A voucher with 記号・番号・枝番 masked and name/birth date withheld. */
  @Get(':voucherNumber')
  @RequireRoles('operator', 'auditor')
  async getVoucher(@Param('voucherNumber') voucherNumber: string) {
    const voucher = /^\d{11}$/.test(voucherNumber) ? await this.vouchers.get(voucherNumber) : null;
    if (!voucher) throw new NotFoundError('voucher', voucherNumber);
    return voucherView(voucher);
  }
}
