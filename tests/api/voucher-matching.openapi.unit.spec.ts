import { VoucherMatchingModule } from '@hcv/voucher-matching-service';
import { describeOpenApiConformance } from './support/openapi-conformance';

describeOpenApiConformance('voucher-matching', (runtime) => VoucherMatchingModule.register(runtime));
