import { telemetry } from './instrument';
import { runService } from '@hcv/service-kit';
import { AuditModule } from '@hcv/audit-service';

void runService({ service: 'audit', module: (runtime) => AuditModule.register(runtime), telemetry });
