export { VoucherMatchingModule } from './voucher-matching.module';
