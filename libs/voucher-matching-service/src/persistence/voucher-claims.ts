import type { VoucherRepository } from './voucher.repository';

/**
 * The part of the voucher repository that matching and settlement call: read a voucher by its key,
 * find a legacy request's voucher by its number alone, and claim a use atomically under the use rule.
 */
export type VoucherClaims = Pick<VoucherRepository, 'get' | 'findByNumber' | 'claim'>;
