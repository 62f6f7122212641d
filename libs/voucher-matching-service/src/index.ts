export { VoucherMatchingModule } from './voucher-matching.module';
export { voucherPiiKeyFromEnv, DEV_VOUCHER_PII_KEY } from './voucher-matching.module';
export { voucherMatchingOpenApi, VOUCHER_MATCHING_ROUTES } from './voucher-matching.openapi';
