import type { FirstUseV2 } from '@hcv/contracts';
import { DomainError, NotFoundError } from '@hcv/domain';
import { AggregateStore, type Outbox, type OutboxEntry, type OutboxStore } from '@hcv/persistence';
import { voucherId, voucherKeyOf, type ImportedVoucher, type Voucher, type VoucherKey, type VoucherUse } from '../domain/voucher';

/** What an import did: new vouchers (or a first record for a voucher only presented so far), re-issues, identical re-imports. */
export interface ImportResult {
  imported: number;
  reissued: number;
  unchanged: number;
}

/** A claim's answer: this session may use the voucher (now, or already: a redelivery), or the first use that refuses it. */
export type ClaimResult = { granted: true } | { granted: false; firstUse: FirstUseV2 };

/** The only code touching voucher-matching's `vouchers` collection (`_id` = `${insurerNumber}:${voucherNumber}`). */
export interface VoucherRepository {
  /** Events of an undo ride in the voucher's document until the relay sent them. */
  readonly outbox: OutboxStore;
  /**
   * Stores each record under its key: a new key is `imported` (so is a first record for a voucher
   * only presented so far); an identical record is `unchanged`; a different one is `reissued` —
   * it becomes the record, the one it replaced goes to `reissues`, a `reissued` history entry names
   * the changed fields. Uses are never touched.
   */
  importMany(records: ImportedVoucher[]): Promise<ImportResult>;
  get(key: VoucherKey): Promise<Voucher | null>;
  /** Every insurer's voucher with this number (numbers are unique only within an insurer). */
  findByNumber(voucherNumber: string): Promise<Voucher[]>;
  /**
   * Claims a use for one session, atomically: the pure use rule (domain/voucher-use.decide.ts
   * `decideUse`) decided on the stored uses and written only if they did not change meanwhile
   * (bounded retries). A voucher never imported gets its document on its first claim. Of many
   * claims at once from different institutions exactly one is granted.
   *
   * `read`: the voucher as the caller read it a moment ago (null: no document then). The first
   * attempt decides on it instead of reading again; the conditional write still refuses it if the
   * voucher changed meanwhile, and the next attempt reads afresh — one read fewer per claim.
   */
  claim(key: VoucherKey, use: VoucherUse, read?: Pick<Voucher, 'uses' | 'history'> | null): Promise<ClaimResult>;
  /**
   * Stores `next`'s uses and the history entries it appended, with its events, only if the stored
   * history is still `current`'s (nothing was used, undone or re-issued meanwhile): the unit of
   * work's conditional write. The stored voucher, or null when it changed meanwhile.
   */
  write(current: Voucher, next: Voucher, events?: readonly OutboxEntry[]): Promise<Voucher | null>;
}

/**
 * Vouchers as a unit of work for an operator's changes (undoing a use), by document id
 * (`voucherId`); a session's claim stays the repository's own conditional write.
 */
export function voucherStore(vouchers: VoucherRepository, outbox: Outbox): AggregateStore<Voucher> {
  return new AggregateStore<Voucher>({
    writes: {
      outbox: vouchers.outbox,
      read: async (id) => {
        const key = voucherKeyOf(id);
        return key ? vouchers.get(key) : null;
      },
      insert: async () => false,
      write: (current, next, entries) => vouchers.write(current, next, entries),
    },
    outbox,
    idOf: voucherId,
    context: (v) => ({ subject: voucherId(v), correlationId: voucherId(v) }),
    missing: (id) => new NotFoundError('voucher', id),
    busy: (id) => new DomainError('voucher-changed-concurrently', `Voucher ${id} changed meanwhile; retry.`, 409),
  });
}
