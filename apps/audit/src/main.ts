import { telemetry } from './instrument';
import { runService } from '@hcv/platform-runtime';
import { AuditModule, auditStartupCheck, loadDeskClientConfig } from '@hcv/audit-service';
import { OperationsDeskModule } from '@hcv/operations-desk';

void runService({
  service: 'audit',
  module: (runtime) => {
    // the desk's settings: answered at /desk/config.json, and the origins its page may connect to
    const desk = loadDeskClientConfig();
    return AuditModule.register(runtime, {
      desk: () => desk,
      alongside: [OperationsDeskModule.alongsideAudit(runtime, { desk: () => desk })],
    });
  },
  startupCheck: auditStartupCheck,
  telemetry,
});
