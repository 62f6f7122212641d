export { VoucherMatchingModule } from './voucher-matching.module';
export {
  voucherPiiKeyFromEnv,
  DEV_VOUCHER_PII_KEY,
  loadVoucherMatchingConfig,
  voucherMatchingStartupCheck,
  type VoucherMatchingConfig,
} from './voucher-matching.config';
export { VOUCHER_MATCHING_TOPICS } from './voucher-matching.topics';
export { voucherMatchingOpenApi, VOUCHER_MATCHING_ROUTES } from './voucher-matching.openapi';
export { migrateVouchers, type VoucherMigrationReport } from './persistence/voucher.migration';
// The file import and the adapters it runs on, for tools that drive it in-process (bench:voucher-import).
export { ImportVoucherFileHandler } from './import-voucher-file/import-voucher-file.handler';
export { MemberDigester } from './adapters/member-seal';
export { InMemoryVoucherRepository } from './persistence/voucher.memory';
export { MongoVoucherRepository } from './persistence/voucher.mongo';
export { InMemoryImportJobRepository } from './persistence/import-job.memory';
export { MongoImportJobRepository } from './persistence/import-job.mongo';
export type { ImportJob, ImportJobRepository } from './persistence/import-job.repository';
