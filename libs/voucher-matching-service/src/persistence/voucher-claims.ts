import type { VoucherKey, VoucherKind, VoucherPart, GuidanceStep } from '@hcv/contracts';
import type { ImportedRecord } from '../domain/voucher-matcher';

/** One use of a voucher, as the claim stores it (the site named at claim time). */
export interface ClaimedUse {
  sessionId: string;
  institutionNumber: string;
  siteId: string;
  siteName?: string;
  at: string;
  checkupDate: string;
  voucherKind: VoucherKind;
  parts: VoucherPart[];
  guidanceStep?: GuidanceStep;
}

/** A voucher as matching reads it: its key, the insurer's current record when one was imported, its uses. */
export interface KnownVoucher {
  insurerNumber: string;
  voucherNumber: string;
  record?: ImportedRecord;
  uses: readonly ClaimedUse[];
}

/**
 * The part of the voucher repository (persistence/voucher.repository.ts) that matching and
 * settlement call: read a voucher by its key, find a legacy request's voucher by number alone, and
 * claim a use atomically under the use rule (one use across institutions; parts and steps at one).
 */
export interface VoucherClaims {
  get(key: VoucherKey): Promise<KnownVoucher | null>;
  findByNumber(voucherNumber: string): Promise<KnownVoucher[]>;
  claim(key: VoucherKey, use: ClaimedUse): Promise<{ granted: true } | { granted: false; firstUse: ClaimedUse }>;
}
