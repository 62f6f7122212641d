import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { DomainError } from '@hcv/domain';
import { RequireRoles } from '@hcv/platform-access';
import { nonUtf8Charset } from '@hcv/platform-http';
import { ImportVoucherFileHandler } from './import-voucher-file.handler';

@Controller('vouchers')
export class ImportVoucherFileHttpController {
  constructor(private readonly importer: ImportVoucherFileHandler) {}

  /**
   * A voucher file (text/csv, header row, either layout of docs/voucher-files.md; UTF-8 unless the
   * content type declares another charset such as Shift_JIS): answered with the import job once the
   * file was read through; progress at GET /vouchers/imports/:id. The body arrives as bytes and is
   * parsed as a stream from them.
   */
  @Post('import/csv')
  @RequireRoles('operator')
  @HttpCode(202)
  async importFile(@Body() body: unknown, @Headers('content-type') contentType?: string) {
    if (!Buffer.isBuffer(body) || !body.length)
      throw new DomainError('empty-file', 'Send the voucher file as text/csv with a header row.', 400);
    return this.importer.start(body, nonUtf8Charset(contentType));
  }
}
