import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ImportVouchersRequest } from '@hcv/contracts';
import { NotFoundError, parseRequest } from '@hcv/service-kit';
import { ImportVouchersHandler } from './import-vouchers/import-vouchers.handler';
import { voucherView } from './vouchers/voucher';
import type { VoucherRepository } from './vouchers/voucher.repository';
import { VOUCHER_REPOSITORY } from './tokens';

@Controller('vouchers')
export class VouchersHttpController {
  constructor(
    private readonly importer: ImportVouchersHandler,
    @Inject(VOUCHER_REPOSITORY) private readonly vouchers: VoucherRepository,
  ) {}

  @Post('import')
  @HttpCode(200)
  async importVouchers(@Body() body: unknown) {
    return this.importer.execute(parseRequest(ImportVouchersRequest, body));
  }

  /** A voucher with 記号・番号・枝番 masked and name/birth date withheld. */
  @Get(':voucherNumber')
  async getVoucher(@Param('voucherNumber') voucherNumber: string) {
    const voucher = /^\d{11}$/.test(voucherNumber) ? await this.vouchers.get(voucherNumber) : null;
    if (!voucher) throw new NotFoundError('voucher', voucherNumber);
    return voucherView(voucher);
  }
}
