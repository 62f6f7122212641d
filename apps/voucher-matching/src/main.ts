import { telemetry } from './instrument';
import { runService } from '@hcv/platform-runtime';
import { VoucherMatchingModule, voucherMatchingStartupCheck } from '@hcv/voucher-matching-service';

void runService({
  service: 'voucher-matching',
  module: VoucherMatchingModule.register,
  startupCheck: voucherMatchingStartupCheck,
  telemetry,
});
