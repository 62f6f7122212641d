import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ImportVouchersRequest } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import { RequireRoles } from '@hcv/platform-access';
import { nonUtf8Charset, parseRequest } from '@hcv/platform-http';
import { utf8Upload } from '../domain/voucher-csv';
import { ImportVouchersHandler } from './import-vouchers.handler';

@Controller('vouchers')
export class ImportVouchersHttpController {
  constructor(private readonly importer: ImportVouchersHandler) {}

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
    if (!Buffer.isBuffer(body) || !body.length)
      throw new DomainError('empty-file', 'Send the voucher file as text/csv with a header row.', 400);
    return this.importer.startCsv(utf8Upload(body, nonUtf8Charset(contentType)));
  }
}
