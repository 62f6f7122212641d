import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ImportVouchersRequest, UndoVoucherUseRequest } from '@hcv/contracts';
import { NotFoundError, parseRequest } from '@hcv/service-kit';
import { ImportVouchersHandler } from './import-vouchers/import-vouchers.handler';
import { UndoVoucherUseHandler } from './undo-voucher-use/undo-voucher-use.handler';
import { voucherView } from './vouchers/voucher';
import type { VoucherRepository } from './vouchers/voucher.repository';
import { VOUCHER_REPOSITORY } from './tokens';

@Controller('vouchers')
export class VouchersHttpController {
  constructor(
    private readonly importer: ImportVouchersHandler,
    private readonly undo: UndoVoucherUseHandler,
    @Inject(VOUCHER_REPOSITORY) private readonly vouchers: VoucherRepository,
  ) {}

  @Post('import')
  @HttpCode(200)
  async importVouchers(@Body() body: unknown) {
    return this.importer.execute(parseRequest(ImportVouchersRequest, body));
  }

  /** An operator undoes a use; the voucher's history shows the use and its undoing. */
  @Post(':voucherNumber/undo-use')
  @HttpCode(200)
  async undoUse(@Param('voucherNumber') voucherNumber: string, @Body() body: unknown, @Headers('x-correlation-id') correlationId?: string) {
    const id = correlationId && /^[\w.:-]{1,128}$/.test(correlationId) ? correlationId : randomUUID();
    return voucherView(await this.undo.execute(voucherNumber, parseRequest(UndoVoucherUseRequest, body), id));
  }

  /** A voucher with 記号・番号・枝番 masked and name/birth date withheld. */
  @Get(':voucherNumber')
  async getVoucher(@Param('voucherNumber') voucherNumber: string) {
    const voucher = /^\d{11}$/.test(voucherNumber) ? await this.vouchers.get(voucherNumber) : null;
    if (!voucher) throw new NotFoundError('voucher', voucherNumber);
    return voucherView(voucher);
  }
}
