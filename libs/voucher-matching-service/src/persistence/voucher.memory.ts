import { plainCopy } from '@hcv/messaging';
import { copyWithoutOutbox, InMemoryOutboxStore, storeWithOutbox, type OutboxEntry } from '@hcv/persistence';
import { voucherId, type ImportedVoucher, type Voucher, type VoucherKey, type VoucherUse } from '../domain/voucher';
import { importRecord } from '../domain/voucher-import';
import { decideUse, presentedOnly, withUse } from '../domain/voucher-use.decide';
import type { ClaimResult, ImportResult, VoucherRepository } from './voucher.repository';

/** Vouchers in a map (embedded mode, unit specs); the same contract as MongoVoucherRepository. */
export class InMemoryVoucherRepository implements VoucherRepository {
  private readonly vouchers = new Map<string, Voucher>();
  readonly outbox = new InMemoryOutboxStore('vouchers', this.vouchers);

  async importMany(records: ImportedVoucher[]): Promise<ImportResult> {
    const result: ImportResult = { imported: 0, reissued: 0, unchanged: 0 };
    for (const record of records) {
      const id = voucherId(record);
      const stored = this.vouchers.get(id);
      const effect = importRecord(stored ? copyWithoutOutbox(stored) : null, plainCopy(record));
      result[effect.effect]++;
      if (effect.effect !== 'unchanged') this.vouchers.set(id, stored ? storeWithOutbox(stored, effect.next, []) : effect.next);
    }
    return result;
  }

  async get(key: VoucherKey) {
    const v = this.vouchers.get(voucherId(key));
    return v ? copyWithoutOutbox(v) : null;
  }

  async findByNumber(voucherNumber: string) {
    return [...this.vouchers.values()].filter((v) => v.voucherNumber === voucherNumber).map((v) => copyWithoutOutbox(v));
  }

  async claim(key: VoucherKey, use: VoucherUse, _read?: Pick<Voucher, 'uses' | 'history'> | null): Promise<ClaimResult> {
    // JS runs this without interleaving: the rule sees every earlier claim (the caller's copy is
    // never stale here, so the stored voucher is decided on).
    const id = voucherId(key);
    const stored = this.vouchers.get(id);
    const decision = decideUse(stored ?? null, use);
    if (!decision.granted) return { granted: false, firstUse: decision.firstUse };
    if (!decision.repeat) {
      const next = withUse(stored ? copyWithoutOutbox(stored) : presentedOnly(key), plainCopy(use));
      this.vouchers.set(id, stored ? storeWithOutbox(stored, next, []) : next);
    }
    return { granted: true };
  }

  async write(current: Voucher, next: Voucher, events: readonly OutboxEntry[] = []) {
    const id = voucherId(current);
    const stored = this.vouchers.get(id);
    if (!stored || stored.history.length !== current.history.length) return null;
    this.vouchers.set(id, storeWithOutbox(stored, plainCopy(next), events));
    return next;
  }
}
