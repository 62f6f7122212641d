import { VoucherUseUndoneV1, type UndoVoucherUseRequest } from '@hcv/contracts';
import { DomainError, NotFoundError } from '@hcv/domain-errors';
import type { Outbox } from '@hcv/persistence';
import type { Voucher } from '../vouchers/voucher';
import type { VoucherRepository } from '../vouchers/voucher.repository';

/** An operator undoes a use (a wrong visitor checked in…): the voucher is free again; the history keeps both. */
export class UndoVoucherUseHandler {
  constructor(
    private readonly vouchers: VoucherRepository,
    private readonly outbox: Outbox,
    private readonly clock: () => Date,
  ) {}

  async execute(voucherNumber: string, command: UndoVoucherUseRequest, correlationId: string): Promise<Voucher> {
    const at = this.clock().toISOString();
    if (!(await this.vouchers.get(voucherNumber))) throw new NotFoundError('voucher', voucherNumber);
    const undone = this.outbox.stage(VoucherUseUndoneV1, { voucherNumber, ...command, at }, { subject: voucherNumber, correlationId });
    if (!(await this.vouchers.undoUse(voucherNumber, { action: 'use-undone', ...command, at }, [undone]))) {
      throw new DomainError('voucher-not-used-by-session', `Voucher ${voucherNumber} is not currently used by session ${command.sessionId}.`, 409);
    }
    await this.outbox.dispatch(this.vouchers.outbox, voucherNumber);
    return (await this.vouchers.get(voucherNumber))!;
  }
}
