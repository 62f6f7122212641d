export const VOUCHER_REPOSITORY = Symbol('VoucherRepository');
