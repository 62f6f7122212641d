import { telemetry } from './instrument';
import { runService } from '@hcv/platform-runtime';
import { AuditModule, auditStartupCheck } from '@hcv/audit-service';
import { OperationsDeskModule } from '@hcv/operations-desk';

void runService({
  service: 'audit',
  module: (runtime) => AuditModule.register(runtime, { alongside: [OperationsDeskModule.alongsideAudit(runtime)] }),
  startupCheck: auditStartupCheck,
  telemetry,
});
