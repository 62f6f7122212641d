import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { UndoVoucherUseRequest } from '@hcv/contracts';
import { RequireRoles } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { correlationIdFrom } from '@hcv/platform-runtime';
import { voucherView } from '../domain/voucher';
import { UndoVoucherUseHandler } from './undo-voucher-use.handler';

@Controller('vouchers')
export class UndoVoucherUseHttpController {
  constructor(private readonly handler: UndoVoucherUseHandler) {}

  /** An operator undoes a session's use; the voucher's history shows the use and its undoing. */
  @Post(':insurerNumber/:voucherNumber/undo-use')
  @RequireRoles('operator')
  @HttpCode(200)
  async undoUse(
    @Param('insurerNumber') insurerNumber: string,
    @Param('voucherNumber') voucherNumber: string,
    @Body() body: unknown,
    @Headers('x-correlation-id') correlationId?: string,
  ) {
    const id = correlationIdFrom(correlationId) ?? randomUUID();
    return voucherView(await this.handler.execute(insurerNumber, voucherNumber, parseRequest(UndoVoucherUseRequest, body), id));
  }
}
