import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ImportVouchersRequest } from '@hcv/contracts';
import { RequireRoles } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
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
}
