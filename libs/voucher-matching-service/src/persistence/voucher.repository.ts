import { DomainError, NotFoundError } from '@hcv/domain';
import { AggregateStore, type Outbox, type OutboxEntry, type OutboxStore } from '@hcv/persistence';
import type { Voucher, VoucherUse } from '../domain/voucher';

/** The only code touching voucher-matching's `vouchers` collection. */
export interface VoucherRepository {
  /** Events of an undo ride in the voucher's document until the relay sent them. */
  readonly outbox: OutboxStore;
  /** Inserts vouchers not yet known; an existing voucher (and its use) is left as it is. */
  importMany(vouchers: Omit<Voucher, 'usedBy'>[]): Promise<{ imported: number; unchanged: number }>;
  get(voucherNumber: string): Promise<Voucher | null>;
  /**
   * Claims the voucher for one session, atomically: returns the use that holds afterwards — this
   * session's if it won (or had already won: redelivery), another's if that one was first.
   */
  claim(voucherNumber: string, use: VoucherUse): Promise<VoucherUse | null>;
  /**
   * Stores `next`'s use and the history entries it appended, with its events, only if the voucher is
   * still used by `current`'s session (or still free) and its history unchanged: the unit of work's
   * conditional write. The stored voucher, or null when it changed meanwhile.
   */
  write(current: Voucher, next: Voucher, events?: readonly OutboxEntry[]): Promise<Voucher | null>;
}

/**
 * Vouchers as a unit of work for an operator's changes (undoing a use); a session's claim stays the
 * repository's single atomic update (its guarantee: one use across every site).
 */
export function voucherStore(vouchers: VoucherRepository, outbox: Outbox): AggregateStore<Voucher> {
  return new AggregateStore<Voucher>({
    writes: {
      outbox: vouchers.outbox,
      read: (id) => vouchers.get(id),
      insert: async () => false,
      write: (current, next, entries) => vouchers.write(current, next, entries),
    },
    outbox,
    idOf: (v) => v.voucherNumber,
    context: (v) => ({ subject: v.voucherNumber, correlationId: v.voucherNumber }),
    missing: (id) => new NotFoundError('voucher', id),
    busy: (id) => new DomainError('voucher-changed-concurrently', `Voucher ${id} changed meanwhile; retry.`, 409),
  });
}
