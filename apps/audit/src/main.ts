import { telemetry } from './instrument';
import { runService } from '@hcv/platform-runtime';
import { AuditModule } from '@hcv/audit-service';

void runService({ service: 'audit', module: (runtime) => AuditModule.register(runtime), telemetry });
