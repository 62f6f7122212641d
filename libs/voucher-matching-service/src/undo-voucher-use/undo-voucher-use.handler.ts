import type { UndoVoucherUseRequest } from '@hcv/contracts';
import { NotFoundError, normalizeInsurerNumber } from '@hcv/domain';
import type { AggregateStore, Outbox } from '@hcv/persistence';
import { undoVoucherUse } from '../domain/voucher-use.decide';
import { voucherId, type Voucher } from '../domain/voucher';
import { voucherStore, type VoucherRepository } from '../persistence/voucher.repository';

/** An operator undoes a session's use (a wrong visitor checked in…): that use is removed; the history keeps both. */
export class UndoVoucherUseHandler {
  private readonly vouchers: AggregateStore<Voucher>;

  constructor(
    vouchers: VoucherRepository,
    outbox: Outbox,
    private readonly clock: () => Date,
  ) {
    this.vouchers = voucherStore(vouchers, outbox);
  }

  execute(insurerNumber: string, voucherNumber: string, command: UndoVoucherUseRequest, correlationId: string): Promise<Voucher> {
    const at = this.clock();
    const id = voucherId({ insurerNumber: normalizeInsurerNumber(insurerNumber), voucherNumber });
    return this.vouchers.update(id, (v) => undoVoucherUse(command, v, at), {
      context: { correlationId },
      missing: () => new NotFoundError('voucher', `${insurerNumber}:${voucherNumber}`),
    });
  }
}
