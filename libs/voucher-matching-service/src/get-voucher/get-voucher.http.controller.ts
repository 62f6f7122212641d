import { Controller, Get, Param } from '@nestjs/common';
import { RequireRoles } from '@hcv/platform-access';
import { GetVoucherHandler } from './get-voucher.handler';

@Controller('vouchers')
export class GetVoucherHttpController {
  constructor(private readonly handler: GetVoucherHandler) {}

  /** A voucher by (insurer, number) with 記号・番号・枝番 masked and name/birth date withheld. */
  @Get(':insurerNumber/:voucherNumber')
  @RequireRoles('operator', 'auditor')
  async getVoucher(@Param('insurerNumber') insurerNumber: string, @Param('voucherNumber') voucherNumber: string) {
    return this.handler.execute(insurerNumber, voucherNumber);
  }
}
