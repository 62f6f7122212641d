import { plainCopy } from '@hcv/messaging';
import { copyWithoutOutbox, InMemoryOutboxStore, storeWithOutbox, type OutboxEntry } from '@hcv/persistence';
import type { Voucher, VoucherUse } from '../domain/voucher';
import type { VoucherRepository } from './voucher.repository';

/** Vouchers in a map (embedded mode, unit specs); the same contract as MongoVoucherRepository. */
export class InMemoryVoucherRepository implements VoucherRepository {
  private readonly vouchers = new Map<string, Voucher>();
  readonly outbox = new InMemoryOutboxStore('vouchers', this.vouchers);
  async importMany(vouchers: Omit<Voucher, 'usedBy'>[]) {
    let imported = 0;
    for (const v of vouchers) {
      if (this.vouchers.has(v.voucherNumber)) continue;
      // As MongoDB stores it: an imported voucher has an empty history.
      this.vouchers.set(v.voucherNumber, { history: [], ...plainCopy(v) });
      imported++;
    }
    return { imported, unchanged: vouchers.length - imported };
  }
  async get(voucherNumber: string) {
    const v = this.vouchers.get(voucherNumber);
    return v ? copyWithoutOutbox(v) : null;
  }
  async claim(voucherNumber: string, use: VoucherUse) {
    const v = this.vouchers.get(voucherNumber);
    if (!v) return null;
    if (!v.usedBy) {
      // JS runs this without interleaving: the first claim wins.
      v.usedBy = { ...use };
      v.history = [...(v.history ?? []), { action: 'used', ...use }];
    }
    return { ...v.usedBy };
  }
  async write(current: Voucher, next: Voucher, events: readonly OutboxEntry[] = []) {
    const stored = this.vouchers.get(current.voucherNumber);
    if (
      !stored ||
      stored.usedBy?.sessionId !== current.usedBy?.sessionId ||
      (stored.history ?? []).length !== (current.history ?? []).length
    )
      return null;
    this.vouchers.set(current.voucherNumber, storeWithOutbox(stored, next, events));
    return next;
  }
}
