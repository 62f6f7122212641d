export { VoucherMatchingModule } from './voucher-matching.module';
export {
  voucherPiiKeyFromEnv,
  DEV_VOUCHER_PII_KEY,
  loadVoucherMatchingConfig,
  type VoucherMatchingConfig,
} from './voucher-matching.config';
export { VOUCHER_MATCHING_TOPICS } from './voucher-matching.topics';
export { voucherMatchingOpenApi, VOUCHER_MATCHING_ROUTES } from './voucher-matching.openapi';
export { migrateVouchers, type VoucherMigrationReport } from './persistence/voucher.migration';
