import { VoucherUseUndoneV1, type UndoVoucherUseRequest } from '@hcv/contracts';
import { DomainError, NotFoundError } from '@hcv/domain-errors';
import type { EventPublisher } from '@hcv/messaging';
import type { Voucher } from '../vouchers/voucher';
import type { VoucherRepository } from '../vouchers/voucher.repository';

/** An operator undoes a use (a wrong visitor checked in…): the voucher is free again; the history keeps both. */
export class UndoVoucherUseHandler {
  constructor(
    private readonly vouchers: VoucherRepository,
    private readonly publisher: EventPublisher,
    private readonly clock: () => Date,
  ) {}

  async execute(voucherNumber: string, command: UndoVoucherUseRequest, correlationId: string): Promise<Voucher> {
    const at = this.clock().toISOString();
    if (!(await this.vouchers.get(voucherNumber))) throw new NotFoundError('voucher', voucherNumber);
    if (!(await this.vouchers.undoUse(voucherNumber, { action: 'use-undone', ...command, at }))) {
      throw new DomainError('voucher-not-used-by-session', `Voucher ${voucherNumber} is not currently used by session ${command.sessionId}.`, 409);
    }
    await this.publisher.publish(VoucherUseUndoneV1, { voucherNumber, ...command, at }, { subject: voucherNumber, correlationId });
    return (await this.vouchers.get(voucherNumber))!;
  }
}
