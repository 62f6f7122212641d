import { Controller, Get, Param } from '@nestjs/common';
import { RequireRoles } from '@hcv/platform-access';
import { GetVoucherHandler } from './get-voucher.handler';

@Controller('vouchers')
export class GetVoucherHttpController {
  constructor(private readonly handler: GetVoucherHandler) {}

  /** A voucher with 記号・番号・枝番 masked and name/birth date withheld. */
  @Get(':voucherNumber')
  @RequireRoles('operator', 'auditor')
  async getVoucher(@Param('voucherNumber') voucherNumber: string) {
    return this.handler.execute(voucherNumber);
  }
}
