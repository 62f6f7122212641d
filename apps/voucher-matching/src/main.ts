import { telemetry } from './instrument';
import { runService } from '@hcv/service-kit';
import { VoucherMatchingModule } from '@hcv/voucher-matching-service';

void runService({ service: 'voucher-matching', module: VoucherMatchingModule.register, telemetry });
