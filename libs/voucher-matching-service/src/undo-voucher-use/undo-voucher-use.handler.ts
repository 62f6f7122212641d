import type { UndoVoucherUseRequest } from '@hcv/contracts';
import type { AggregateStore, Outbox } from '@hcv/persistence';
import { undoVoucherUse } from '../domain/voucher-use.decide';
import type { Voucher } from '../domain/voucher';
import { voucherStore, type VoucherRepository } from '../persistence/voucher.repository';

/** An operator undoes a use (a wrong visitor checked in…): the voucher is free again; the history keeps both. */
export class UndoVoucherUseHandler {
  private readonly vouchers: AggregateStore<Voucher>;

  constructor(
    vouchers: VoucherRepository,
    outbox: Outbox,
    private readonly clock: () => Date,
  ) {
    this.vouchers = voucherStore(vouchers, outbox);
  }

  execute(voucherNumber: string, command: UndoVoucherUseRequest, correlationId: string): Promise<Voucher> {
    const at = this.clock();
    return this.vouchers.update(voucherNumber, (v) => undoVoucherUse(command, v, at), { context: { correlationId } });
  }
}
